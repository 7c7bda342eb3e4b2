# syntax=docker/dockerfile:1
# One image recipe for every service; docker-compose.yml passes MODULE and MAIN_CLASS:
#   docker build --build-arg MODULE=gateway --build-arg MAIN_CLASS=dev.pulse.gateway.GatewayMain -t pulse-gateway .

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Dependencies first, so a source change does not download the world again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY common/pom.xml common/
COPY ops/pom.xml ops/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY test-support/pom.xml test-support/
COPY engine-simulator/pom.xml engine-simulator/
COPY collector/pom.xml collector/
COPY processor/pom.xml processor/
COPY gateway/pom.xml gateway/
COPY dev/pom.xml dev/
COPY system-tests/pom.xml system-tests/
ARG MODULE
RUN ./mvnw -B -q -pl ${MODULE} -am dependency:go-offline -DexcludeArtifactIds=common,ops || true
COPY . .
RUN ./mvnw -B -q -pl ${MODULE} -am -DskipTests package

FROM eclipse-temurin:21-jre
ARG MODULE
ARG MAIN_CLASS
ARG PORT=8080
RUN useradd --system --uid 10001 --home-dir /var/lib/pulse --create-home pulse
WORKDIR /app
COPY --from=build /src/${MODULE}/target/lib/ /app/lib/
COPY --from=build /src/${MODULE}/target/${MODULE}-*.jar /app/lib/
USER pulse
# The same JVM flags and malloc arena limit as bin/service and ServiceProcess.DEFAULT_JVM_FLAGS (BENCHMARKS.md section 4).
ENV MAIN_CLASS=${MAIN_CLASS} \
    HEALTH_PORT=${PORT} \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-XX:+UseSerialGC -Xss256k -Xms8m -Xmx96m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=32m -XX:MaxDirectMemorySize=32m -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
EXPOSE ${PORT}
# The JRE image has no curl: bash's /dev/tcp asks /health.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf "GET /health HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' \"$MAIN_CLASS\""]
