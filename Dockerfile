# One image for both apps: the command picks the gateway or the worker. It runs compiled JavaScript (`pnpm build`),
# not TypeScript through a loader: less memory per process and no loader between the init's signals and the app.

# Build stage: every dependency, the type check, and the compile of each package's src/ to its dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The same instruction as the runtime stage's: the two stages share the layer.
RUN npm install --global pnpm@12.21.0 && npm cache clean --force
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY patches ./patches
COPY prisma ./prisma
COPY apps ./apps
COPY packages ./packages
RUN pnpm install --frozen-lockfile
RUN pnpm build

# Runtime stage: production dependencies only, the compiled dist/ trees and the migrations.
FROM node:24-bookworm-slim
WORKDIR /app
# npm's download cache (about 30 MB) would stay in this layer otherwise.
RUN npm install --global pnpm@12.21.0 && npm cache clean --force
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# The root postinstall (prisma generate) finds no Prisma CLI here and skips: the generated client is compiled into
# packages/shared/dist/generated and needs only @prisma/client, a production dependency.
COPY scripts/prisma-generate.mjs ./scripts/
COPY patches ./patches
COPY apps/cli/package.json ./apps/cli/
COPY apps/gateway/package.json ./apps/gateway/
COPY apps/start/package.json ./apps/start/
COPY apps/worker/package.json ./apps/worker/
COPY packages/emulators/package.json ./packages/emulators/
COPY packages/platform-clients/package.json ./packages/platform-clients/
COPY packages/shared/package.json ./packages/shared/
COPY packages/testing/package.json ./packages/testing/
# pnpm's package store and registry metadata cache (about 330 MB, measured in a real build) go in the layer that
# made them: node_modules holds hard links into the store, so removing the store leaves each file's one copy.
RUN pnpm install --prod --frozen-lockfile && rm -rf /root/.local/share/pnpm /root/.cache/pnpm
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/packages/shared/dist ./packages/shared/dist
COPY --from=build /app/packages/platform-clients/dist ./packages/platform-clients/dist
COPY --from=build /app/apps/gateway/dist ./apps/gateway/dist
COPY --from=build /app/apps/worker/dist ./apps/worker/dist
COPY --from=build /app/apps/cli/dist ./apps/cli/dist
COPY --from=build /app/apps/start/dist ./apps/start/dist
ENV NODE_ENV=production
USER node
# Node itself is the container's process (no launcher, no loader): the init's SIGTERM reaches the app's own
# handler. (tsx's command ran the app in a child and relayed signals with a 30 ms acknowledgement; on a loaded host
# it then SIGKILLed the app mid-checkpoint and exited 143.) The condition resolves every workspace package to dist/.
CMD ["node", "--conditions=full-sync-compiled", "apps/gateway/dist/main.js"]
