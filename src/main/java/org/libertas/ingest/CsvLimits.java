package org.libertas.ingest;

/** Bounds that keep a hostile or broken file from exhausting memory. */
public record CsvLimits(
    long maxBytes, int maxRows, int maxFieldChars, int maxLinesPerField, int maxErrors) {}
