package dev.cider.eval.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalTrialEngineTest {

    private static final List<Trial> TRIALS = List.of(new Trial(0, "A", List.of(), 1L), new Trial(1, "B", List.of(), 1L),
            new Trial(2, "A", List.of(), 2L), new Trial(3, "B", List.of(), 2L));

    private static TrialResult result(Trial t) {
        return new TrialResult(t, List.of(), Map.of(), 0.0);
    }

    @Test
    void resultsComeBackInPlanOrderWhateverOrderTrialsFinishIn() {
        CountDownLatch firstMayFinish = new CountDownLatch(1);
        Map<Integer, String> threads = new ConcurrentHashMap<>();
        List<TrialResult> results = new LocalTrialEngine(2).run(TRIALS, t -> {
            threads.put(t.index(), Thread.currentThread().getName());
            try {
                if (t.index() == 0) {
                    assertTrue(firstMayFinish.await(10, TimeUnit.SECONDS), "the second trial never ran beside the first");
                } else if (t.index() == 1) {
                    firstMayFinish.countDown();
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return result(t);
        });
        assertEquals(TRIALS, results.stream().map(TrialResult::trial).toList());
        assertEquals(4, threads.size());
    }

    @Test
    void failedTrialsAreNamedWithTheirErrorsAfterTheOthersRan() {
        for (int parallel : new int[] {1, 2}) {
            List<Integer> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
            TrialFailedException e = assertThrows(TrialFailedException.class, () -> new LocalTrialEngine(parallel, 0).run(TRIALS, t -> {
                ran.add(t.index());
                if (t.system().equals("B")) {
                    throw new IllegalStateException("no memory left for " + t.label());
                }
                return result(t);
            }));
            assertEquals(4, ran.size(), "every trial ran");
            assertTrue(e.getMessage().startsWith("2 of 4 trials failed: B, seed 1: IllegalStateException: no memory left for B, seed 1;"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("B, seed 2: IllegalStateException"), e.getMessage());
            assertEquals(IllegalStateException.class, e.getCause().getClass());
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalTrialEngine(0));
    }

    @Test
    void aFailedTrialIsTriedAgainUpToTheRetriesThenNamed() {
        for (int parallel : new int[] {1, 2}) {
            Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            // B, seed 1 fails once and then succeeds; B, seed 2 always fails
            TrialFailedException e = assertThrows(TrialFailedException.class, () -> new LocalTrialEngine(parallel, 2).run(TRIALS, t -> {
                int attempt = attempts.merge(t.index(), 1, Integer::sum);
                if (t.index() == 3 || (t.index() == 1 && attempt == 1)) {
                    throw new IllegalStateException("attempt " + attempt + " of " + t.label());
                }
                return result(t);
            }, lines::add));
            assertEquals(Map.of(0, 1, 1, 2, 2, 1, 3, 3), attempts, "one retry of the flaky trial, two of the failing one");
            assertEquals("1 of 4 trials failed: B, seed 2: IllegalStateException: attempt 3 of B, seed 2", e.getMessage());
            assertEquals(3, lines.size(), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.contains("trial B, seed 1 failed (attempt 1 of 3), trying again")), String.join("\n", lines));
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalTrialEngine(1, -1));
    }
}
