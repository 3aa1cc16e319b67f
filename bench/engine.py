"""Plan 10,000 generated situations with the real knowledge base and report the speed.

The last line printed is one JSON object: plans_per_second, p50_ms, p99_ms (parse + plan, per
situation, in CPU time of this process so that other work on the machine does not count;
plans_per_second_wall is the wall-clock rate), kb_load_ms (load with the parsed-YAML cache
warm, as every start after the first) and kb_load_cold_ms (first load ever: every YAML file
parsed). Run on one core: ``taskset -c 0 .venv/bin/python bench/engine.py``.
"""

import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time

from recours.engine import make_plan, parse_situation
from recours.engine.knowledge import clear_cache, load_knowledge
from recours.engine.vocabulary import SITUATION_SCHEMA

COUNT = 10_000
SEED = 20261128


def random_value(rng, spec, as_of):
    if rng.random() < 0.2:
        return None
    if "enum" in spec:
        return rng.choice([v for v in spec["enum"] if v is not None])
    types = spec.get("type")
    types = [types] if isinstance(types, str) else types
    if spec.get("format") == "date":
        return str(as_of - datetime.timedelta(days=rng.randint(0, 3000)))
    if "boolean" in types:
        return rng.random() < 0.5
    if "integer" in types:
        return rng.randint(spec.get("minimum", 0), min(spec.get("maximum", 70), 70))
    if "number" in types:
        return rng.randint(0, 20000)
    if "array" in types:
        items = spec["items"]
        pool = [v for v in items.get("enum", ["es", "en", "fr"]) if v is not None]
        return rng.sample(pool, rng.randint(0, min(6, len(pool))))
    return None


def situation(rng):
    as_of = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000))
    properties = SITUATION_SCHEMA["properties"]
    data = {
        "schema": "recours.situation/1",
        "as_of": str(as_of),
        "jurisdiction": rng.choice(properties["jurisdiction"]["enum"]),
    }
    for key, spec in properties.items():
        if key in data:
            continue
        if "properties" in spec:
            data[key] = {
                field: random_value(rng, child, as_of)
                for field, child in spec["properties"].items()
                if rng.random() < 0.7
            }
        else:
            data[key] = random_value(rng, spec, as_of)
    # the rules the schema cannot state
    person = data["person"]
    if person.get("age") is not None and person.get("minor") is not None:
        person["minor"] = person["age"] < 18
    for section, earlier, later in (
        ("exploitation", "started_on", "ended_on"),
        ("immigration", "refugee_claim_made_on", "refugee_claim_decided_on"),
        ("immigration", "first_entered_canada_on", "refugee_claim_made_on"),
        ("immigration", "refugee_claim_made_on", "refugee_claim_decided_on"),
    ):
        values = data[section]
        if values.get(earlier) and values.get(later) and values[later] < values[earlier]:
            values[earlier], values[later] = values[later], values[earlier]
    if data["immigration"].get("removal_date"):
        data["immigration"]["removal_date"] = str(
            as_of + datetime.timedelta(days=rng.randint(0, 60))
        )
    return data


def timed_load():
    clear_cache()
    started = time.perf_counter()
    kb = load_knowledge()
    return kb, (time.perf_counter() - started) * 1000


def main():
    os.environ["RECOURS_CACHE_DIR"] = tempfile.mkdtemp(prefix="recours-bench-cache-")
    _, cold_ms = timed_load()
    warm = [timed_load() for _ in range(5)]
    kb = warm[-1][0]
    warm_ms = statistics.median(ms for _, ms in warm)
    rng = random.Random(SEED)
    situations = [situation(rng) for _ in range(COUNT)]
    for data in situations[:200]:  # warm the per-jurisdiction tables
        make_plan(parse_situation(data), kb)
    durations = []
    langs = ("en", "fr")
    clock = time.process_time  # CPU time: other processes sharing the core do not count
    wall_started, started = time.perf_counter(), clock()
    for index, data in enumerate(situations):
        begin = clock()
        make_plan(parse_situation(data), kb, lang=langs[index % 2])
        durations.append(clock() - begin)
    total = clock() - started
    wall = time.perf_counter() - wall_started
    durations.sort()
    result = {
        "situations": COUNT,
        "knowledge_version": kb.version,
        "plans_per_second": round(COUNT / total),
        "plans_per_second_wall": round(COUNT / wall),
        "p50_ms": round(durations[COUNT // 2] * 1000, 3),
        "p99_ms": round(durations[int(COUNT * 0.99)] * 1000, 3),
        "kb_load_ms": round(warm_ms, 1),
        "kb_load_cold_ms": round(cold_ms, 1),
        "python": sys.version.split()[0],
    }
    print(f"planned {COUNT} situations in {total:.2f} s of CPU ({wall:.2f} s wall)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
