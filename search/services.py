"""Loading the synonyms editors start from (fixtures/search/synonyms.csv)."""

import csv
from pathlib import Path

from search.models import Synonym


def load_synonyms(path: Path) -> int:
    """Add the synonyms the file lists and the database lacks; those editors have already
    changed are left as they are. Returns how many were added."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    kept = set(Synonym.objects.values_list("term", flat=True))
    new = [Synonym(term=row["term"], means=row["means"], note=row["note"])
           for row in rows if row["term"] not in kept]  # fmt: skip
    Synonym.objects.bulk_create(new)
    return len(new)
