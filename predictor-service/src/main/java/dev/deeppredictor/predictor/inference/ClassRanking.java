package dev.deeppredictor.predictor.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import dev.deeppredictor.model.Prediction;

/**
 * Turns one image's logits into its most probable classes.
 */
final class ClassRanking {

    private ClassRanking() {
    }

    /**
     * The {@code k} most probable classes, most probable first; ties keep the lower class index
     * first. Outputs go through softmax first unless the model already gives probabilities.
     * Confidences are rounded to 5 decimals as the seed did.
     */
    static List<Prediction> top(float[] outputs, int k, List<String> labels, boolean softmax) {
        double[] probabilities = softmax ? softmax(outputs) : toDouble(outputs);
        List<Prediction> top = new ArrayList<>(k);
        IntStream.range(0, probabilities.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt((i) -> i))
            .limit(k)
            .forEach((i) -> top.add(Prediction.classification(i, labels.get(i), round5(probabilities[i]))));
        return top;
    }

    /** In double precision, shifted by the largest logit so that no exponential overflows. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double[] exp = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        for (int i = 0; i < exp.length; i++) {
            exp[i] /= sum;
        }
        return exp;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private static double round5(double value) {
        return Math.round(value * 100_000d) / 100_000d;
    }

}
