# syntax=docker/dockerfile:1
# voiceops: Node.js LTS + PowerShell 7 + the app, as a non-root user. One image for the bot and the worker:
#   docker run ... voiceops            -> voiceops start  (the bot, port 3978)
#   docker run ... voiceops worker     -> voiceops worker (when the worker subcommand is part of the build)
# Build: docker build -t voiceops:0.1.0 .   See docs/deploy.md#container-image.

ARG NODE_VERSION=22
ARG PWSH_VERSION=7.4.6

# ---- build: compile TypeScript and keep only production dependencies -------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Local packages (file: dependencies, e.g. the spdy stand-in restify needs on Node 24) install as links into vendor/.
COPY vendor ./vendor
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ------------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim
ARG PWSH_VERSION
ARG TARGETARCH
# PowerShell 7 from its official release archive; libicu and friends are what pwsh needs on Debian.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libicu72 libssl3 tzdata \
 && case "${TARGETARCH:-amd64}" in amd64) arch=x64 ;; arm64) arch=arm64 ;; *) echo "unsupported $TARGETARCH"; exit 1 ;; esac \
 && curl -fsSL -o /tmp/pwsh.tar.gz "https://github.com/PowerShell/PowerShell/releases/download/v${PWSH_VERSION}/powershell-${PWSH_VERSION}-linux-${arch}.tar.gz" \
 && mkdir -p /opt/microsoft/powershell/7 \
 && tar -xzf /tmp/pwsh.tar.gz -C /opt/microsoft/powershell/7 \
 && chmod +x /opt/microsoft/powershell/7/pwsh \
 && ln -s /opt/microsoft/powershell/7/pwsh /usr/local/bin/pwsh \
 && rm /tmp/pwsh.tar.gz \
 && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
 && pwsh -NoLogo -NoProfile -Command '$PSVersionTable.PSVersion.ToString()'

WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/vendor ./vendor
COPY --from=build /app/dist ./dist
COPY package.json ./
# What the app reads at run time besides its code: PowerShell modules, card templates, the Teams manifest, policies.
COPY powershell ./powershell
COPY cards ./cards
COPY manifest ./manifest
COPY config ./config

# The database and the simulated tenant's state live in /data: mount a volume there (App Service: /home).
RUN mkdir -p /data && chown node:node /data
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    VOICEOPS_DATA_DIR=/data \
    VOICEOPS_PWSH=/opt/microsoft/powershell/7/pwsh \
    POWERSHELL_TELEMETRY_OPTOUT=1 \
    POWERSHELL_UPDATECHECK=Off
USER node
EXPOSE 3978
VOLUME ["/data"]
# Liveness only: readiness (store, pool, tenant) is /readyz, for the platform's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM (docker stop) lets running changes finish and be verified before the process exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start"]
