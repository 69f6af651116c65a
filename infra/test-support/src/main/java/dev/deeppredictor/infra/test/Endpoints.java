package dev.deeppredictor.infra.test;

/**
 * Where the test servers listen and how to log in to them.
 *
 * @param mongoBaseUri {@code mongodb://host:port}, without a database
 */
record Endpoints(String rabbitHost, int rabbitPort, String rabbitUsername, String rabbitPassword,
        String rabbitManagementUrl, String mongoBaseUri, String s3Endpoint, String s3AccessKey, String s3SecretKey) {
}
