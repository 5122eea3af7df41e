package org.libertas.ontology;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;

/**
 * The Libertas vocabulary (docs/vocabulary.md) as Jena terms, for the Java side of the contract.
 */
public final class Lbt {
  public static final String NS = "https://w3id.org/libertas/ns#";
  public static final String COUNTRY = "https://w3id.org/libertas/country/";
  public static final String REGION = "https://w3id.org/libertas/region/";
  public static final String COMMODITY = "https://w3id.org/libertas/commodity/";
  public static final String SECTOR = "https://w3id.org/libertas/sector/";
  public static final String INDICATOR = "https://w3id.org/libertas/indicator/";
  public static final String MATCH_FEATURE = "https://w3id.org/libertas/match-feature/";
  public static final String RULE = "https://w3id.org/libertas/rule/";
  public static final String DATA = "https://w3id.org/libertas/data/";

  public static final Resource Supplier = r("Supplier");
  public static final Resource SupplyLink = r("SupplyLink");
  public static final Resource Recruiter = r("Recruiter");
  public static final Resource RecruitmentLink = r("RecruitmentLink");
  public static final Resource AuditFinding = r("AuditFinding");
  public static final Resource RiskSignal = r("RiskSignal");
  public static final Resource Rule = r("Rule");
  public static final Resource Band = r("Band");
  public static final Resource FactorFamily = r("FactorFamily");
  public static final Resource ScoringParameters = r("ScoringParameters");
  public static final Resource ScreeningMatch = r("ScreeningMatch");
  public static final Resource Max = r("Max");

  public static final Property supplierId = p("supplierId");
  public static final Property name = p("name");
  public static final Property country = p("country");
  public static final Property region = p("region");
  public static final Property sector = p("sector");
  public static final Property commodity = p("commodity");
  public static final Property workerCount = p("workerCount");
  public static final Property migrantWorkerShare = p("migrantWorkerShare");
  public static final Property registrationId = p("registrationId");
  public static final Property osId = p("osId");
  public static final Property leiId = p("leiId");
  public static final Property dunsId = p("dunsId");
  public static final Property address = p("address");
  public static final Property sourceLine = p("sourceLine");
  public static final Property buyer = p("buyer");
  public static final Property supplier = p("supplier");
  public static final Property annualVolume = p("annualVolume");
  public static final Property since = p("since");
  public static final Property licenceNumber = p("licenceNumber");
  public static final Property employer = p("employer");
  public static final Property recruiter = p("recruiter");
  public static final Property originCountry = p("originCountry");
  public static final Property workersRecruited = p("workersRecruited");
  public static final Property workerPaidFees = p("workerPaidFees");
  public static final Property indicator = p("indicator");
  public static final Property observedOn = p("observedOn");
  public static final Property severity = p("severity");
  public static final Property status = p("status");
  public static final Property auditor = p("auditor");
  public static final Property evidenceText = p("evidenceText");
  public static final Property findingId = p("findingId");
  public static final Property classifiedAs = p("classifiedAs");
  public static final Property strength = p("strength");
  public static final Property evidence = p("evidence");
  public static final Property hardStop = p("hardStop");
  public static final Property family = p("family");
  public static final Property query = p("query");
  public static final Property queryText = p("queryText");
  public static final Property weight = p("weight");
  public static final Property combine = p("combine");
  public static final Property minScore = p("minScore");
  public static final Property recommendation = p("recommendation");
  public static final Property tierDecay = p("tierDecay");
  public static final Property maxTiers = p("maxTiers");
  public static final Property maxStrength = p("maxStrength");
  public static final Property recencyHalfLifeDays = p("recencyHalfLifeDays");
  public static final Property matchThreshold = p("matchThreshold");
  public static final Property possibleMatchThreshold = p("possibleMatchThreshold");
  public static final Property hardStopBand = p("hardStopBand");
  public static final Property iso2 = p("iso2");
  public static final Property code = p("code");
  public static final Property inCountry = p("inCountry");
  public static final Property screened = p("screened");
  public static final Property listEntry = p("listEntry");
  public static final Property matchScore = p("matchScore");
  public static final Property matchStatus = p("matchStatus");
  public static final Property multiplier = p("multiplier");

  // Context and evidence, coverage, the decision table and regimes (scoring.ttl,
  // reference/regimes.ttl).
  public static final Resource RiskDimension = r("RiskDimension");
  public static final Property dimension = p("dimension");
  public static final Resource CoverageParameters = r("CoverageParameters");
  public static final Property auditFamily = p("auditFamily");
  public static final Property auditValidityDays = p("auditValidityDays");
  public static final Property volumeWeight = p("volumeWeight");
  public static final Property auditCoverage = p("auditCoverage");
  public static final Property tierCoverage = p("tierCoverage");
  public static final Property fieldCoverage = p("fieldCoverage");
  public static final Property closesEvidence = p("closesEvidence");
  public static final Property primaryProduction = p("primaryProduction");
  public static final Resource DecisionTable = r("DecisionTable");
  public static final Property row = p("row");
  public static final Property whenLegalBar = p("whenLegalBar");
  public static final Property whenEvidence = p("whenEvidence");
  public static final Property whenContext = p("whenContext");
  public static final Property whenRecentAudit = p("whenRecentAudit");
  public static final Property recommends = p("recommends");
  public static final Property reason = p("reason");
  public static final Resource NoOpenEvidence = r("NoOpenEvidence");
  public static final Resource Regime = r("Regime");
  public static final Property barringRule = p("barringRule");
  public static final Property barringEvidence = p("barringEvidence");
  public static final Property appliesByDefault = p("appliesByDefault");

  private Lbt() {}

  private static Resource r(String local) {
    return ResourceFactory.createResource(NS + local);
  }

  private static Property p(String local) {
    return ResourceFactory.createProperty(NS + local);
  }
}
