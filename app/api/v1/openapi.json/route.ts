import { json } from '@/lib/api/problem';
import { openApiDocument } from '@/lib/validation/openapi';

// GET /api/v1/openapi.json — the OpenAPI 3.1 document of the API; public: it describes the API, it holds no data
export async function GET() {
  return json(openApiDocument(), 200, { 'cache-control': 'public, max-age=300' });
}
