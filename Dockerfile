# The production image, after the Next.js self-hosting example: build with every dependency, ship
# only .next/standalone (the server, its traced production dependencies, the static files, the
# migrations and the bundled launcher and admin CLI: see scripts/package-standalone.ts). The steps
# are the ones tests/deployment.test.ts runs outside Docker. DATABASE_URL, AUTH_SECRET and the
# admin settings come from the environment at run time; the app migrates before it serves.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
# Make or rescue an admin: docker run -i IMAGE node admin.mjs create ops@example.com
CMD ["node", "serve.mjs", "start"]
