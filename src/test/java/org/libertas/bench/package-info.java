/**
 * JMH benchmarks for the targets of bench/README.md (scoring, screening). Run with {@code -Pbench};
 * figures and caveats in bench/README.md. Class names end in Benchmark so neither Surefire nor
 * Failsafe runs them.
 */
package org.libertas.bench;
