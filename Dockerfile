# syntax=docker/dockerfile:1
# Patchbay container image: a multi-stage build of the Next.js standalone output on Node 20 slim, run as a
# non-root user. Targets:
#   runner (default)  the server: node server.js, health check on /api/ready
#   tools             the full install with the operator scripts (npm run db:migrate, db:backup, user:create, …);
#                     docker-compose.yml runs its one-shot migrate service from it
ARG NODE_IMAGE=node:20-slim

# ── deps: the locked install (postinstall runs prisma generate, offline: its JS engine is bundled) ──
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

# ── builder: next build with output "standalone" (next.config.mjs reads PATCHBAY_STANDALONE) ──
FROM deps AS builder
COPY . .
ENV PATCHBAY_STANDALONE=1
RUN npx next build

# ── tools: the whole project and its dependencies, for one-shot operator commands ──
FROM deps AS tools
COPY . .
RUN groupadd --system --gid 1001 patchbay && useradd --system --uid 1001 --gid patchbay patchbay \
  && mkdir -p /data && chown patchbay:patchbay /data
USER patchbay
ENV NODE_ENV=production PATCHBAY_DATA_DIR=/data
CMD ["npm", "run", "db:migrate"]

# ── runner: only the traced server files, the static assets and the migrations ──
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    PATCHBAY_DATA_DIR=/data
RUN groupadd --system --gid 1001 patchbay && useradd --system --uid 1001 --gid patchbay patchbay \
  && mkdir -p /data && chown patchbay:patchbay /data
COPY --from=builder --chown=patchbay:patchbay /app/.next/standalone ./
COPY --from=builder --chown=patchbay:patchbay /app/.next/static ./.next/static
COPY --from=builder --chown=patchbay:patchbay /app/public ./public
# Read at run time from process.cwd(): start-up applies (embedded) or checks (PostgreSQL) them.
COPY --from=builder --chown=patchbay:patchbay /app/prisma/migrations ./prisma/migrations
USER patchbay
VOLUME ["/data"]
EXPOSE 3000
# SIGTERM starts the graceful shutdown (readiness flips, in-flight requests drain, jobs stop): give it time.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
