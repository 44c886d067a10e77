# syntax=docker/dockerfile:1
# The SyncMesh node image: `docker build -t syncmesh-node .` (docker-compose.yml does it).
# Configure it with the variables README.md lists (SYNCMESH_HOST, SYNCMESH_DB_URL, ...).

# Build: the distribution, ops/target/syncmesh-<version>.tar.gz (bin/syncmesh, lib/, README.md).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml README.md ./
COPY protocol/pom.xml protocol/
COPY node/pom.xml node/
COPY ops/pom.xml ops/
COPY protocol/src protocol/src
COPY node/src node/src
COPY ops/src ops/src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -DskipTests -pl ops -am package \
    && mkdir /dist && tar -xzf ops/target/syncmesh-*.tar.gz -C /dist --strip-components=1

# Run: a JRE 17 with curl for the health check on management /ready.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app syncmesh \
    && mkdir -p /app/data \
    && chown syncmesh /app/data
# The same distribution as the tarball, with the client on the PATH (`docker compose exec node1
# syncmesh peer list` reaches that container's node: SYNCMESH_HOST and SYNCMESH_HTTP_PORT) and its
# class-data-sharing archive made here, for this folder (the call fails: no node runs yet).
COPY --from=build /dist/ /opt/syncmesh/
RUN ln -s /opt/syncmesh/bin/syncmesh /usr/local/bin/syncmesh \
    && (syncmesh peer list --url http://127.0.0.1:9 >/dev/null 2>&1 || true) \
    && ls /opt/syncmesh/lib/client.jsa
WORKDIR /app
USER syncmesh
# The embedded H2 database (used only when SYNCMESH_DB_URL is empty) lives in /app/data.
ENV SYNCMESH_DATA=/app/data
# API, management, remoting.
EXPOSE 8080 8558 7355
# Java as PID 1 handles SIGTERM: coordinated shutdown leaves the cluster before the JVM exits.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "/opt/syncmesh/lib/*", "dev.syncmesh.node.NodeMain"]
