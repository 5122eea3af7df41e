/**
 * The reliability suite's plumbing (docs/reliability.md): bounds that the {@code reliability} Maven
 * profile scales up, the figures each test records under target/reliability/, and the renderer of
 * docs/reliability.md. The tests themselves live with the feature they exercise.
 */
package org.libertas.reliability;
