# syntax=docker/dockerfile:1
# Libertas: build the shaded jar with Maven, run it on a JRE as a non-root user.
# The embedded PostgreSQL refuses to run as root, and it only ships x86-64 binaries;
# in containers prefer an external PostgreSQL (LIBERTAS_PG_URL), see docker-compose.yml.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
COPY ontology/ ontology/
COPY sample-data/ sample-data/
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK (installed explicitly rather than relying on the base image having it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 libertas \
 && useradd --system --uid 10001 --gid libertas --home-dir /data --no-create-home --shell /usr/sbin/nologin libertas \
 && mkdir -p /app /data \
 && chown libertas:libertas /data
COPY --from=build /src/target/libertas.jar /app/libertas.jar

ENV LIBERTAS_DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER libertas
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8080/readyz || exit 1

ENTRYPOINT ["java", "-jar", "/app/libertas.jar"]
CMD ["serve"]
