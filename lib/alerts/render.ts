const TOKEN = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;

/**
 * `{{complaint.title}}`-style templates. Values are inserted literally and never re-read as
 * template text; each output channel escapes for its own medium. Mirrors SQL `ops_render`.
 */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  return template.replace(TOKEN, (_m, path: string) => {
    let value: unknown = context;
    for (const key of path.split('.')) {
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
