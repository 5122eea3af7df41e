PREFIX lbt: <https://w3id.org/libertas/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?f lbt:combine ?c } INSERT { ?f lbt:combine lbt:Sum } WHERE { ?f a lbt:FactorFamily ; lbt:combine ?c }