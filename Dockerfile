# Outpost in a container: the API, the web app and the scheduler in one process.
# Not built in this repository's CI (no Docker there); see docs/operations.md#docker.

# --- build: every dependency (the web app needs the dev ones), then only the runtime ones ---
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# --- runtime ---
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    OUTPOST_DATA_DIR=/data \
    OUTPOST_WEB_DIR=/app/dist/web
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/src ./src
COPY --from=build /app/dist/web ./dist/web
COPY --from=build /app/tsconfig.json ./
# The data directory (SQLite file, encrypted uploads, generated secret) belongs to the unprivileged user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) lets in-flight requests finish and gives the job leases back.
STOPSIGNAL SIGTERM
CMD ["node", "bin/outpost.js", "serve"]
