# Finding 9: workforce-migrant-share "unless two other suppliers' shares add up to more than 2" — never true (a
# share is at most 1), so for each supplier the FILTER NOT EXISTS walks every triple of suppliers. Real
# vocabulary, same signals on the regression cases, milliseconds there; cubic in the suppliers.
PREFIX lbt: <https://w3id.org/libertas/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
DELETE { ?r lbt:queryText ?q }
INSERT { ?r lbt:queryText """PREFIX lbt: <https://w3id.org/libertas/ns#>
CONSTRUCT { _:s a lbt:RiskSignal ; lbt:supplier ?supplier ; lbt:strength ?strength ; lbt:evidence ?supplier . }
WHERE {
  { SELECT DISTINCT ?supplier ?strength WHERE {
      ?supplier a lbt:Supplier ; lbt:migrantWorkerShare ?share .
      lbt:defaultScoring lbt:migrantShareThreshold ?threshold ; lbt:migrantShareStrength ?strength .
      FILTER (?share > ?threshold)
      FILTER NOT EXISTS {
        ?a a lbt:Supplier ; lbt:migrantWorkerShare ?sa .
        ?b a lbt:Supplier ; lbt:migrantWorkerShare ?sb .
        ?c a lbt:Supplier ; lbt:name ?nc .
        FILTER (?sa + ?sb > 2 && ?a != ?supplier && ?c != ?supplier)
      }
  } }
}""" }
WHERE { ?r a lbt:Rule ; dct:identifier "workforce-migrant-share" ; lbt:queryText ?q }
