package dev.deeppredictor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and resident memory of processes, read from {@code /proc}: what each process of the
 * pipeline costs per job, without a profiler.
 */
final class ProcessStats {

    /** Linux's USER_HZ; {@code getconf CLK_TCK} is 100 on every mainstream distribution. */
    static final long TICKS_PER_SECOND = Long.getLong("bench.clk-tck", 100);

    private final Map<String, Long> pids;

    /** @param pids process ids by a name for reports; "load-generator" is added for this process */
    ProcessStats(Map<String, Long> pids) {
        Map<String, Long> all = new LinkedHashMap<>(pids);
        all.put("load-generator", ProcessHandle.current().pid());
        this.pids = all;
    }

    Map<String, Long> pids() {
        return this.pids;
    }

    /** CPU milliseconds (user + system) used so far, by name; a process that is gone reads 0. */
    Map<String, Double> cpuMillis() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        this.pids.forEach((name, pid) -> cpu.put(name, cpuMillis(pid)));
        return cpu;
    }

    static double cpuMillis(long pid) {
        try {
            return parseCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * 1000.0
                    / TICKS_PER_SECOND;
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /** Resident set size in KiB, 0 when the process is gone. */
    static long rssKib(long pid) {
        try {
            return parseRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /**
     * utime + stime of a {@code /proc/<pid>/stat} line. The command name in parentheses may hold
     * spaces, so fields are counted from its closing parenthesis: state is field 3, utime 14, stime 15.
     */
    static long parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long parseRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** CPU milliseconds per job of each process between two readings. */
    static Map<String, Double> perJob(Map<String, Double> before, Map<String, Double> after, long jobs) {
        Map<String, Double> perJob = new LinkedHashMap<>();
        after.forEach((name, value) -> perJob.put(name,
                jobs == 0 ? 0 : Math.round((value - before.getOrDefault(name, 0.0)) / jobs * 1000) / 1000.0));
        return perJob;
    }

}
