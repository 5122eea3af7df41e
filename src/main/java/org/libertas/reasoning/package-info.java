/**
 * From risk signals to explained scores: noisy-OR of a supplier's own factors, decayed propagation
 * up the supply chain, bands, hard stops and contributions that add up. Plain Java, no Vert.x.
 */
package org.libertas.reasoning;
