# One image for the api and the worker (and the cli): docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
VOLUME /data
EXPOSE 3000
# --heap-growing-percent=25 --max-semi-space-size=4: see NODE_FLAGS in scripts/start.mjs.
CMD ["node", "--heap-growing-percent=25", "--max-semi-space-size=4", "dist/apps/api/apps/api/src/main.js"]
