package dev.deeppredictor.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of the bench commands. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            this.values.put(args[i].substring(2), args[++i]);
        }
    }

    String get(String name) {
        String value = this.values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String get(String name, String fallback) {
        return this.values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    double number(String name, double fallback) {
        return Double.parseDouble(get(name, Double.toString(fallback)));
    }

    List<String> list(String name) {
        String value = get(name, "");
        return value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    /** {@code --pids api=12,predictor=34}: process ids by name. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String pair : list("pids")) {
            String[] nameAndPid = pair.split("=");
            pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
        }
        return pids;
    }

}
