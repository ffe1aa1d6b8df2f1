# Builds one side of the registry into an image: docker build --build-arg MODULE=command-side .
# Base images pinned to published versions (Maven 3.9.11 on Temurin 17; the Temurin 17.0.20 JRE, which has curl for the healthchecks).
FROM maven:3.9.11-eclipse-temurin-17 AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests -pl ${MODULE} -am package

FROM eclipse-temurin:17.0.20_8-jre-jammy
ARG MODULE
ENV AXONIQ_UPDATE_CHECKER_DISABLED=true
WORKDIR /app
COPY --from=build /src/${MODULE}/target/${MODULE}-*-exec.jar /app/app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/app.jar"]
