#!/usr/bin/env python3
"""Writes the small MMSA-style pickle fixtures used by the tests of dev.cider.data.source.

Run from anywhere: python3 make_fixtures.py
It writes into the folder of this script:

* aligned_*.pkl / unaligned_*.pkl: dicts {train, valid, test} shaped like the MMSA pickles
  (aligned_50.pkl / unaligned_50.pkl) with 4/2/3 utterances, T_l = 8, d_l = 6, d_a = 5, d_v = 4,
  T_a = T_v = 8 (aligned) or T_a = 12, T_v = 10 (unaligned), a few -inf audio values and NaN vision
  values, in pickle protocols 2, 4 and 5, float32 and float64, with variations in how the arrays are
  stored (token ids as float or int, lengths as lists, numpy scalars or arrays, Fortran order, big endian,
  numpy 1.x global names "numpy.core.*" versus numpy 2.x "numpy._core.*").
* dtypes_*.pkl: one array per supported numpy dtype, for the unpickler's own tests.
* truncated.pkl, wrong_key.pkl, not_dict.pkl, mismatch.pkl, bad_dtype.pkl: broken inputs.
* cross_aligned_t12.pkl: an aligned corpus with the same feature dimensions but T_l = T_a = T_v = 12 (text lengths
  up to 12) and 3/2/4 utterances, for the cross-dataset layout adapter (padding and truncating to T = 8).
* fixtures.json: what the Java side must read from each file (the tests compare against it, so no
  expected value is copied by hand).

Everything is deterministic (fixed seed, fixed dict order).
"""

import collections
import json
import os
import pickle
import re
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

T_L = 8
D_L = 6
D_A = 5
D_V = 4
SPLITS = (("train", 4), ("valid", 2), ("test", 3))
CLS, SEP = 101, 102
WORDS = ["good", "bad", "movie", "really", "not", "the", "plot", "café", "naïve", "acting", "fine", "so"]
SCORES = {
    "aligned": [-3.0, -2.5, -0.6, 0.0, 0.5, 1.5, 2.6, 3.0, -1.4],
    "unaligned": [2.5, -0.4, 0.0, 1.2, -3.0, 0.5, -1.5, 2.8, -2.2],
}


def finite32(x):
    """The values as float32 with NaN and infinities replaced by 0 (what the Java source must produce)."""
    x = np.asarray(x, dtype=np.float32)
    return np.where(np.isfinite(x), x, np.float32(0))


def flat(x):
    """A float32 array as a JSON list of the shortest decimal strings that round-trip in float32."""
    return [float(str(v)) for v in np.asarray(x, dtype=np.float32).ravel()]


def binary_label(score):
    return "negative" if score < 0 else ("positive" if score > 0 else "neutral")


def seven_label(score):
    return str(int(np.rint(np.clip(score, -3.0, 3.0))))


def make_dataset(aligned, seed):
    """The content of one pickle (float64, C order), plus the expectations for the Java reader."""
    rng = np.random.default_rng(seed)
    layout = "aligned" if aligned else "unaligned"
    t_a, t_v = (T_L, T_L) if aligned else (12, 10)
    data, expected = {}, {}
    scores = iter(SCORES[layout])
    for split_index, (split, n) in enumerate(SPLITS):
        text_len = rng.integers(3, T_L + 1, size=n)
        ids = np.zeros((n, T_L), dtype=np.int64)
        mask = np.zeros((n, T_L), dtype=np.int64)
        raw = []
        for i in range(n):
            words = rng.integers(0, len(WORDS), size=text_len[i] - 2)
            ids[i, 0] = CLS
            ids[i, 1:text_len[i] - 1] = 1000 + words * 37
            ids[i, text_len[i] - 1] = SEP
            mask[i, :text_len[i]] = 1
            raw.append(" ".join(WORDS[w] for w in words))
        text_bert = np.stack([ids, mask, np.zeros_like(ids)], axis=1).astype(np.float64)
        text = rng.normal(size=(n, T_L, D_L)).round(3)
        text[mask == 0] = 0.0
        if aligned:
            audio_len = text_len.copy()
            vision_len = text_len.copy()
            stored_vision_len = vision_len
        else:
            audio_len = rng.integers(1, t_a + 1, size=n)
            vision_len = rng.integers(1, t_v + 1, size=n)
            stored_vision_len = vision_len.copy()
            if split == "train":
                stored_vision_len[1] = t_v + 3  # longer than T_v: the reader clips it
                vision_len[1] = t_v
        audio = rng.normal(size=(n, t_a, D_A)).round(3)
        vision = rng.normal(size=(n, t_v, D_V)).round(3)
        for i in range(n):
            audio[i, audio_len[i]:] = 0.0
            vision[i, vision_len[i]:] = 0.0
        # a few -inf in audio and NaN in vision, inside the valid part
        for i in range(0, n, 2):
            audio[i, int(rng.integers(0, audio_len[i])), int(rng.integers(0, D_A))] = -np.inf
            vision[i, int(rng.integers(0, vision_len[i])), int(rng.integers(0, D_V))] = np.nan
        score = np.array([next(scores) for _ in range(n)], dtype=np.float64)
        uid = np.array([f"{layout[:3]}{split_index}{i:02d}$_${i + 1}" for i in range(n)], dtype=object)
        data[split] = {
            "raw_text": np.array(raw, dtype=object),
            "audio": audio,
            "vision": vision,
            "id": uid,
            "text": text,
            "text_bert": text_bert,
            "audio_lengths": audio_len.astype(np.int64),
            "vision_lengths": stored_vision_len.astype(np.int64),
            "annotations": np.array([binary_label(s).capitalize() for s in score], dtype=object),
            "classification_labels": np.sign(score).astype(np.float64),
            "regression_labels": score,
        }
        expected[split] = [
            {
                "id": uid[i],
                "raw_text": raw[i],
                "score": float(score[i]),
                "binary": binary_label(score[i]),
                "seven": seven_label(score[i]),
                "text_length": int(text_len[i]),
                "audio_length": int(audio_len[i]),
                "vision_length": int(vision_len[i]),
                "token_ids": ids[i].tolist(),
                "text_features": flat(text[i]),
                "audio": flat(finite32(audio[i])),
                "vision": flat(finite32(vision[i])),
                "audio_nonfinite": int((~np.isfinite(audio[i])).sum()),
                "vision_nonfinite": int((~np.isfinite(vision[i])).sum()),
            }
            for i in range(n)
        ]
    meta = {"text_steps": T_L, "text_feature_dim": D_L, "audio_steps": t_a, "audio_dim": D_A,
            "vision_steps": t_v, "vision_dim": D_V, "splits": expected}
    return data, meta


# Each file: dataset, protocol, float dtype, and how it deviates from the plain layout.
VARIANTS = [
    ("aligned_p2_f64.pkl", "aligned", 2, np.float64,
     {"legacy_names": True, "drop_lengths": True, "fortran": ["vision"]}),
    ("aligned_p2_f32.pkl", "aligned", 2, np.float32,
     {"drop_lengths": True, "drop_text": True}),
    ("aligned_p4_f64.pkl", "aligned", 4, np.float64,
     {"legacy_names": True, "text_bert": np.int64, "unicode_ids": True}),
    ("aligned_p4_f32.pkl", "aligned", 4, np.float32,
     {"drop_lengths": True, "text_bert": np.int32}),
    ("aligned_p5_f64.pkl", "aligned", 5, np.float64,
     {"legacy_names": True, "drop_lengths": True}),
    ("aligned_p5_f32.pkl", "aligned", 5, np.float32,
     {"text_bert": np.int64, "fortran": ["audio", "text"]}),
    ("unaligned_p2_f64.pkl", "unaligned", 2, np.float64,
     {"legacy_names": True, "lengths": "list"}),
    ("unaligned_p2_f32.pkl", "unaligned", 2, np.float32,
     {"lengths": "numpy_scalars", "fortran": ["audio"]}),
    ("unaligned_p4_f64.pkl", "unaligned", 4, np.float64,
     {"big_endian": ["audio"], "lengths": "float"}),
    ("unaligned_p4_f32.pkl", "unaligned", 4, np.float32,
     {"legacy_names": True, "drop_text": True, "lengths": "numpy_scalars"}),
    ("unaligned_p5_f64.pkl", "unaligned", 5, np.float64,
     {"fortran": ["vision"], "text_bert": np.int64}),
    ("unaligned_p5_f32.pkl", "unaligned", 5, np.float32,
     {"lengths": "int32", "unicode_ids": True}),
]


def apply_variant(data, dtype, opts):
    out = {}
    for split, arrays in data.items():
        d = dict(arrays)
        for key in ("audio", "vision", "text", "regression_labels"):
            d[key] = d[key].astype(dtype)
        d["text_bert"] = d["text_bert"].astype(opts.get("text_bert", dtype))
        for key in opts.get("fortran", []):
            d[key] = np.asfortranarray(d[key])
        for key in opts.get("big_endian", []):
            d[key] = d[key].astype(d[key].dtype.newbyteorder(">"))
        if opts.get("unicode_ids"):
            d["id"] = d["id"].astype(str)
        if opts.get("drop_text"):
            del d["text"]
        if opts.get("drop_lengths"):
            del d["audio_lengths"]
            del d["vision_lengths"]
        else:
            kind = opts.get("lengths", "int64")
            for key in ("audio_lengths", "vision_lengths"):
                if kind == "list":
                    d[key] = [int(v) for v in d[key]]
                elif kind == "numpy_scalars":
                    d[key] = list(d[key])
                elif kind == "float":
                    d[key] = d[key].astype(np.float64)
                elif kind == "int32":
                    d[key] = d[key].astype(np.int32)
        out[split] = d
    return out


LEGACY = {"numpy._core.multiarray": "numpy.core.multiarray", "numpy._core.numeric": "numpy.core.numeric"}


def dumps(obj, protocol, legacy_names=False):
    """pickle.dumps, optionally naming numpy's helpers as numpy 1.x does (numpy.core.* instead of numpy._core.*)."""
    if not legacy_names:
        return pickle.dumps(obj, protocol=protocol)
    import io
    original = pickle.whichmodule

    def legacy_whichmodule(o, name):
        module = original(o, name)
        return LEGACY.get(module, module)

    buffer = io.BytesIO()
    pickle.whichmodule = legacy_whichmodule
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pickle._Pickler(buffer, protocol=protocol).dump(obj)  # the pure-Python pickler uses whichmodule
    finally:
        pickle.whichmodule = original
    return buffer.getvalue()


def write(name, payload):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(payload)


def dtype_name(a):
    return "str" if a.dtype.kind == "U" else a.dtype.name


def make_dtype_fixture():
    """One array per dtype the Java unpickler supports, and what it must decode to."""
    arrays = {
        "float32": np.array([[1.5, -2.25, 3.0e-3], [np.inf, -np.inf, 0.0]], dtype=np.float32),
        "float64": np.array([0.1, -1e300, 2.5, 7.0], dtype=np.float64),
        "int64": np.array([[-(2 ** 40), 3], [0, 2 ** 62]], dtype=np.int64),
        "int32": np.array([-7, 0, 2 ** 31 - 1], dtype=np.int32),
        "int16": np.array([-300, 300], dtype=np.int16),
        "int8": np.array([-128, 127], dtype=np.int8),
        "uint8": np.array([0, 255, 7], dtype=np.uint8),
        "bool": np.array([[True, False, True]], dtype=np.bool_),
        "object_str": np.array(["a", "naïve", "", "x y"], dtype=object),
        "unicode": np.array(["ab", "café", "z"]),
        "float64_fortran": np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) / 8.0),
        "int64_fortran_3d": np.asfortranarray(np.arange(24, dtype=np.int64).reshape(2, 3, 4)),
        "float32_big_endian": np.array([1.0, -0.5, 6.25], dtype=">f4"),
        "float64_0d": np.array(2.5),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }
    scalars = [np.float32(1.5), np.float64(-0.25), np.int64(7), np.int32(-3), np.bool_(True)]
    obj = dict(arrays)
    obj["scalars"] = scalars
    obj["plain"] = {"int": 5, "float": 0.5, "str": "s", "list": [1, 2, 3], "tuple": (1, "a"), "none": None,
                    "ordered": collections.OrderedDict([("z", 1), ("a", 2)]), "big": 2 ** 70}
    expected = {}
    for key, a in arrays.items():
        c = np.ascontiguousarray(a)
        if a.dtype.kind == "f":
            values = [v if np.isfinite(v) else ("inf" if v > 0 else "-inf") for v in
                      c.astype(np.float64).ravel().tolist()]
        elif a.dtype.kind in "iub":
            values = [int(v) for v in c.ravel().tolist()]
        else:
            values = [str(v) for v in c.ravel().tolist()]
        expected[key] = {"dtype": dtype_name(a), "shape": list(a.shape), "values": values,
                         "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous)}
    expected_scalars = [float(s) for s in scalars]
    files = []
    for protocol, legacy in ((2, True), (2, False), (3, False), (4, True), (4, False), (5, True), (5, False)):
        name = f"dtypes_p{protocol}{'_legacy' if legacy else ''}.pkl"
        write(name, dumps(obj, protocol, legacy))
        files.append({"file": name, "protocol": protocol, "legacy_names": legacy})
    return {"files": files, "arrays": expected, "scalars": expected_scalars}


def make_cross_fixture():
    """An aligned corpus of other sequence lengths (T = 12) with the common feature dimensions, protocol 4, float32."""
    rng = np.random.default_rng(13)
    steps = 12
    data = {}
    for split_index, (split, n) in enumerate((("train", 3), ("valid", 2), ("test", 4))):
        text_len = np.array([12, 9, 5, 11][:n])
        ids = np.zeros((n, steps), dtype=np.int64)
        mask = np.zeros((n, steps), dtype=np.int64)
        raw = []
        for i in range(n):
            words = rng.integers(0, len(WORDS), size=text_len[i] - 2)
            ids[i, 0] = CLS
            ids[i, 1:text_len[i] - 1] = 1000 + words * 37
            ids[i, text_len[i] - 1] = SEP
            mask[i, :text_len[i]] = 1
            raw.append(" ".join(WORDS[w] for w in words))
        text = rng.normal(size=(n, steps, D_L)).round(3)
        text[mask == 0] = 0.0
        audio = rng.normal(size=(n, steps, D_A)).round(3)
        vision = rng.normal(size=(n, steps, D_V)).round(3)
        for i in range(n):
            audio[i, text_len[i]:] = 0.0
            vision[i, text_len[i]:] = 0.0
        score = np.array([-2.0, 1.0, 0.0, 2.4][:n], dtype=np.float64)
        data[split] = {
            "raw_text": np.array(raw, dtype=object),
            "audio": audio.astype(np.float32),
            "vision": vision.astype(np.float32),
            "id": np.array([f"x{split_index}{i:02d}" for i in range(n)], dtype=object),
            "text": text.astype(np.float32),
            "text_bert": np.stack([ids, mask, np.zeros_like(ids)], axis=1).astype(np.float32),
            "audio_lengths": text_len.astype(np.int64),
            "vision_lengths": text_len.astype(np.int64),
            "regression_labels": score.astype(np.float32),
        }
    write("cross_aligned_t12.pkl", dumps(data, 4))


def main():
    make_cross_fixture()
    datasets = {}
    contents = {}
    for aligned, seed in ((True, 11), (False, 12)):
        data, meta = make_dataset(aligned, seed)
        layout = "aligned" if aligned else "unaligned"
        datasets[layout] = meta
        contents[layout] = data

    files = []
    for name, layout, protocol, dtype, opts in VARIANTS:
        variant = apply_variant(contents[layout], dtype, opts)
        write(name, dumps(variant, protocol, opts.get("legacy_names", False)))
        files.append({"file": name, "dataset": layout, "protocol": protocol, "float": np.dtype(dtype).name,
                      "has_text_features": not opts.get("drop_text", False),
                      "options": {k: (v if isinstance(v, (bool, str, list)) else np.dtype(v).name)
                                  for k, v in opts.items()}})

    # Broken inputs.
    good = dumps(apply_variant(contents["unaligned"], np.float32, {}), 4)
    write("truncated.pkl", good[: len(good) * 3 // 5])
    wrong = apply_variant(contents["aligned"], np.float32, {})
    wrong["train"]["regression_label"] = wrong["train"].pop("regression_labels")
    write("wrong_key.pkl", dumps(wrong, 4))
    write("not_dict.pkl", dumps([1, 2, 3], 4))
    mismatch = apply_variant(contents["aligned"], np.float32, {})
    mismatch["valid"]["audio"] = mismatch["valid"]["audio"][:1]
    write("mismatch.pkl", dumps(mismatch, 4))
    bad = apply_variant(contents["aligned"], np.float32, {})
    bad["test"]["vision"] = bad["test"]["vision"].astype(np.complex64)
    write("bad_dtype.pkl", dumps(bad, 4))
    errors = {
        "truncated.pkl": {"message_contains": ["truncated.pkl", "truncated"]},
        "wrong_key.pkl": {"split": "train",
                          "message_contains": ["wrong_key.pkl", "'regression_labels'", "regression_label,"]},
        "not_dict.pkl": {"message_contains": ["not_dict.pkl", "not a dict"]},
        "mismatch.pkl": {"split": "valid", "message_contains": ["mismatch.pkl", "'audio' has first dimension 1, expected 2"]},
        "bad_dtype.pkl": {"split": "test", "message_contains": ["bad_dtype.pkl", "'vision'", "complex64"]},
    }

    out = {
        "generator": "make_fixtures.py",
        "numpy": np.__version__,
        "datasets": datasets,
        "files": files,
        "errors": errors,
        "dtypes": make_dtype_fixture(),
    }
    text = json.dumps(out, indent=1, ensure_ascii=False)
    # keep number lists on one line so the file stays short and readable
    text = re.sub(r"\[\s*([-0-9.e+, \n]*?)\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(os.path.join(HERE, "fixtures.json"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
