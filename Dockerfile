# One image for both apps: the command picks the gateway or the worker.
FROM node:24-bookworm-slim
WORKDIR /app
RUN npm install --global pnpm@12.21.0
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY patches ./patches
COPY prisma ./prisma
COPY apps ./apps
COPY packages ./packages
RUN pnpm install --frozen-lockfile
ENV NODE_ENV=production
USER node
# tsx as a loader inside the one Node process: the init's SIGTERM reaches the app itself. (The tsx command runs the
# app in a child and relays signals with a 30 ms acknowledgement; on a loaded host it then SIGKILLs the app
# mid-checkpoint and exits 143.)
CMD ["node", "--import", "tsx", "apps/gateway/src/main.ts"]
