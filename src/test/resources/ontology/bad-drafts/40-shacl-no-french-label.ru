PREFIX lbt: <https://w3id.org/libertas/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { <https://w3id.org/libertas/indicator/debt-bondage> skos:prefLabel ?l } WHERE { <https://w3id.org/libertas/indicator/debt-bondage> skos:prefLabel ?l . FILTER(lang(?l) = "fr") }