# One image for both apps: the command picks the gateway or the worker.
FROM node:24-bookworm-slim
WORKDIR /app
RUN npm install --global pnpm@12.21.0
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY apps ./apps
COPY packages ./packages
RUN pnpm install --frozen-lockfile
ENV NODE_ENV=production
USER node
# tsx relays SIGTERM to the app; nothing else sits between the init and the process.
CMD ["node_modules/.bin/tsx", "apps/gateway/src/main.ts"]
