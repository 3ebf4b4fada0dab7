/** @type {import('next').NextConfig} */
const nextConfig = {
  // The backend serves the static export (frontend/out) from the same origin as the API.
  output: "export",
  trailingSlash: true,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // During `next dev`, send API and Socket.IO calls to a locally running backend.
  ...(process.env.NODE_ENV === "development"
    ? {
        async rewrites() {
          const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8000";
          return [
            { source: "/api/:path*", destination: `${backend}/api/:path*` },
            { source: "/socket.io/:path*", destination: `${backend}/socket.io/:path*` },
          ];
        },
      }
    : {}),
};

export default nextConfig;
