package dev.deeppredictor.api.realm;

/**
 * The production and the test realm.
 *
 * @param production the production API's realm
 * @param test the test API's realm
 */
public record Realms(Realm production, Realm test) {
}
