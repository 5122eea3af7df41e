package org.libertas.rescoring;

import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.libertas.ontology.Ontology;
import org.libertas.reasoning.Assessment;
import org.libertas.reasoning.ScoringRun;
import org.libertas.reasoning.SupplierFacts;
import org.libertas.store.Scores;

/** A scoring run as the rows {@link Scores#save} writes, chunked. */
final class ScoreRows {
  private ScoreRows() {}

  /** Rows per statement of a save: bounded memory, and a few statements for 100k suppliers. */
  private static final int CHUNK = 5_000;

  /**
   * The suppliers in {@code only}, for a rescoring that compared the others with their stored rows
   * (those stay as they are and hold for the new data version with them, which the tenant's state
   * records, {@code score_state}); or, with {@code only} null, every supplier of the run, rows of
   * suppliers absent from it being removed.
   */
  static Scores.Rows rows(
      String tenantId,
      Ontology ontology,
      java.util.Set<String> regimes,
      ScoringRun run,
      int ontologyVersion,
      long dataVersion,
      OffsetDateTime at,
      java.util.Set<String> only,
      List<String> removed) {
    List<Integer> picked = new ArrayList<>();
    if (only != null && run.state() != null) {
      // A few suppliers of 100k: found by their index in the chain, not by a pass over everyone.
      for (String id : only) {
        Integer i = run.state().chain().indexOf(id);
        if (i != null) {
          picked.add(i);
        }
      }
      picked.sort(null);
    } else {
      for (int i = 0; i < run.suppliers().size(); i++) {
        if (only == null || only.contains(run.suppliers().get(i).id())) {
          picked.add(i);
        }
      }
    }
    List<Tuple> rows = new ArrayList<>();
    for (int from = 0; from < picked.size(); from += CHUNK) {
      int m = Math.min(CHUNK, picked.size() - from);
      String[] id = new String[m];
      String[] name = new String[m];
      String[] country = new String[m];
      String[] region = new String[m];
      String[] sector = new String[m];
      String[] commodities = new String[m];
      Integer[] tier = new Integer[m];
      Integer[] score = new Integer[m];
      String[] band = new String[m];
      String[] recommendation = new String[m];
      Boolean[] hardStop = new Boolean[m];
      String[] explanation = new String[m];
      String[] hash = new String[m];
      String[] osId = new String[m];
      String[] leiId = new String[m];
      String[] dunsId = new String[m];
      String[] registrationId = new String[m];
      String[] contextBand = new String[m];
      String[] evidenceBand = new String[m];
      Double[] priority = new Double[m];
      for (int k = 0; k < m; k++) {
        int i = picked.get(from + k);
        SupplierFacts f = run.suppliers().get(i);
        Assessment a = run.assessments().get(i);
        id[k] = f.id();
        name[k] = f.name();
        country[k] = f.country();
        region[k] = f.region();
        sector[k] = f.sector();
        commodities[k] = new JsonArray(new ArrayList<>(f.commodities())).encode();
        tier[k] = f.tier();
        score[k] = a.score();
        band[k] = a.band().code();
        Explanations.Explained e = Explanations.explain(ontology, a, f, run, i, regimes);
        recommendation[k] = e.recommendation();
        hardStop[k] = a.hardStop();
        explanation[k] = e.json().encode();
        contextBand[k] = e.contextBand();
        evidenceBand[k] = e.evidenceBand();
        priority[k] = e.priority();
        hash[k] = a.inputsHash();
        SupplierFacts.Identifiers ids = f.identifiers();
        osId[k] = ids.osId();
        leiId[k] = ids.leiId();
        dunsId[k] = ids.dunsId();
        registrationId[k] = ids.registrationId();
      }
      rows.add(
          Tuple.tuple()
              .addString(tenantId)
              .addInteger(ontologyVersion)
              .addLong(dataVersion)
              .addOffsetDateTime(at)
              .addArrayOfString(id)
              .addArrayOfInteger(score)
              .addArrayOfString(band)
              .addArrayOfString(recommendation)
              .addArrayOfBoolean(hardStop)
              .addArrayOfString(explanation)
              .addArrayOfString(hash)
              .addArrayOfString(name)
              .addArrayOfString(country)
              .addArrayOfString(region)
              .addArrayOfString(sector)
              .addArrayOfString(commodities)
              .addArrayOfInteger(tier)
              .addArrayOfString(osId)
              .addArrayOfString(leiId)
              .addArrayOfString(dunsId)
              .addArrayOfString(registrationId)
              .addArrayOfString(contextBand)
              .addArrayOfString(evidenceBand)
              .addArrayOfDouble(priority));
    }
    return new Scores.Rows(tenantId, ontologyVersion, dataVersion, at, rows, only == null, removed);
  }
}
