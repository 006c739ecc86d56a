-- Alert titles and messages are rendered by an expression lib/alerts/render.ts builds once per
-- statement (renderSql); the PL/pgSQL renderer that parsed the template again for every row is gone.
DROP FUNCTION IF EXISTS ops_render(text, jsonb);
