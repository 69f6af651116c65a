package dev.deeppredictor.e2e.fault;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures of a fault run.
 *
 * @param submitted client jobs sent
 * @param accepted predictions the API accepted (2xx)
 * @param refused client jobs refused for good, by reason
 * @param outcomes accepted predictions by how they ended (SUCCEEDED or the failure)
 * @param lost accepted and never final
 * @param duplicated results written twice, or client jobs that became two predictions
 * @param duplicateEvents predictions announced more than once on the result exchange (best effort)
 * @param took from the first upload to the last result
 */
record Tally(int submitted, int accepted, Map<String, Integer> refused, Map<String, Integer> outcomes, Set<String> lost,
        Set<String> duplicated, int duplicateEvents, Duration took) {

    static Tally of(int submitted, Ledger ledger, Map<String, Integer> events, Duration took) {
        Set<String> accepted = ledger.acceptedIds();
        Set<String> lost = ledger.lost();
        Map<String, Snapshot> latest = ledger.latest();
        Map<String, Integer> outcomes = accepted.stream()
            .filter((id) -> !lost.contains(id))
            .map((id) -> latest.get(id).outcome())
            .collect(Collectors.toMap(Function.identity(), (outcome) -> 1, Integer::sum, TreeMap::new));
        Map<String, Integer> refused = ledger.refusals().values().stream()
            .collect(Collectors.toMap(Function.identity(), (reason) -> 1, Integer::sum, TreeMap::new));
        int duplicateEvents = (int) events.entrySet().stream()
            .filter((entry) -> accepted.contains(entry.getKey()) && entry.getValue() > 1)
            .count();
        return new Tally(submitted, accepted.size(), refused, outcomes, lost, ledger.duplicated(), duplicateEvents, took);
    }

    int succeeded() {
        return this.outcomes.getOrDefault("SUCCEEDED", 0);
    }

    int failed() {
        return this.accepted - this.lost.size() - succeeded();
    }

    /** One table, as recorded in docs/reliability.md. */
    String table() {
        StringBuilder table = new StringBuilder();
        table.append("| figure | count |\n|---|---|\n");
        row(table, "submitted (client jobs)", this.submitted);
        row(table, "accepted (2xx)", this.accepted);
        row(table, "refused for good", this.refused.values().stream().mapToInt(Integer::intValue).sum());
        this.refused.forEach((reason, count) -> row(table, "&nbsp;&nbsp;refused: " + reason, count));
        row(table, "succeeded", succeeded());
        row(table, "failed", failed());
        this.outcomes.forEach((outcome, count) -> {
            if (!"SUCCEEDED".equals(outcome)) {
                row(table, "&nbsp;&nbsp;failed: " + outcome, count);
            }
        });
        row(table, "lost", this.lost.size());
        row(table, "duplicated", this.duplicated.size());
        row(table, "result events announced twice (best effort channel)", this.duplicateEvents);
        table.append("| time taken | ").append(String.format("%.1f s", this.took.toMillis() / 1000.0)).append(" |\n");
        return table.toString();
    }

    private static void row(StringBuilder table, String figure, long count) {
        table.append("| ").append(figure.replace("|", "/")).append(" | ").append(count).append(" |\n");
    }

}
