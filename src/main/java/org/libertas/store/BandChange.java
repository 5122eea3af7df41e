package org.libertas.store;

/** A supplier whose band a rescoring changed (before is null for a new supplier). */
public record BandChange(
    String supplierId, String bandBefore, String bandAfter, Integer scoreBefore, int scoreAfter) {}
