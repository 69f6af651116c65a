# The API service's image. Package the jar first (./mvnw -B -DskipTests package), then build from
# the repository's root:
#   docker build -f infra/docker/api-service.Dockerfile -t deep-predictor/api-service .
# Every setting comes from environment variables (see infra/compose.yaml); the image holds none.
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /app deep-predictor
WORKDIR /app
COPY api-service/target/api-service.jar /app/api-service.jar
COPY config /config

USER deep-predictor
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/api-service.jar"]
