# The predictor service's image. Package the jar and prepare the uncommitted model artifacts first
# (./mvnw -B -DskipTests package && infra/models/prepare.sh models), then build
# from the repository's root:
#   docker build -f infra/docker/predictor-service.Dockerfile -t deep-predictor/predictor-service .
# Every setting comes from environment variables (see infra/compose.yaml); the image holds none.
FROM eclipse-temurin:17-jre

RUN useradd --system --uid 10001 --home-dir /app deep-predictor \
    && mkdir -p /app/djl-cache \
    && chown deep-predictor /app/djl-cache
WORKDIR /app
COPY predictor-service/target/predictor-service.jar /app/predictor-service.jar
# TensorFlow's native libraries for DJL's TensorFlow engine, unpacked by the package build.
COPY predictor-service/target/tensorflow-native /app/tensorflow-native
# The model definitions and their artifacts: predictors load models from here, never from a hub.
COPY config /config

USER deep-predictor
# DJL unpacks the PyTorch native libraries shipped in the jar here.
ENV DJL_CACHE_DIR=/app/djl-cache
ENV TENSORFLOW_LIBRARY_PATH=/app/tensorflow-native
EXPOSE 8081
ENTRYPOINT ["java", "-jar", "/app/predictor-service.jar"]
