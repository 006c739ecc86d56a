-- Hand-written: drizzle cannot express SQL functions.
-- ops_render(template, context): `{{a.b}}` tokens replaced by context #>> '{a,b}'. The template is
-- split around its tokens and re-joined, so a value that itself contains `{{…}}` is never expanded.
-- Mirrors renderTemplate() in lib/alerts/render.ts.
CREATE OR REPLACE FUNCTION ops_render(tpl text, ctx jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  pattern constant text := '\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}';
  parts text[];
  paths text[];
  result text;
BEGIN
  IF tpl IS NULL THEN RETURN ''; END IF;
  parts := regexp_split_to_array(tpl, pattern);
  SELECT coalesce(array_agg(m[1] ORDER BY ord), '{}') INTO paths
    FROM regexp_matches(tpl, pattern, 'g') WITH ORDINALITY AS t(m, ord);
  result := parts[1];
  FOR i IN 1 .. coalesce(array_length(paths, 1), 0) LOOP
    result := result || coalesce(ctx #>> string_to_array(paths[i], '.'), '') || parts[i + 1];
  END LOOP;
  RETURN result;
END;
$$;
