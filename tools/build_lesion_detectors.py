"""Rebuild the shipped lesion detectors (wfdm/assets/measures/lesions.*) from their recipes (`wfdm.measures.RECIPES`).

The tumour detector (T1Gd) is trained on simulated pairs alone; the stroke detector (FLAIR) on the same simulated
pairs plus each of them after an encode/decode round trip through the shipped demo compressor, because generated
volumes are decoded by it (`benchmarks/results/lesion_detectors.md`). Training subjects use cohort seed 3000; the
validation set of `wfdm evaluate --controllability` uses 1000. About 17 minutes for the stroke detector on 2 CPU cores,
3 for the tumour one. A rebuild is not bit-identical across CPUs: the tumour detector rebuilt on an AMD EPYC differs
from the shipped one (built on a Xeon) by up to 0.29 in a weight and validates at AUROC 0.996 simulated / 0.964
decoded (shipped: 0.997 / 0.993), so validate a rebuild with `benchmarks/detector_robustness.py --detector STEM`.

    .venv/bin/python tools/build_lesion_detectors.py [--out STEM] [--only FLAIR]
"""
import argparse, shutil
from pathlib import Path
from wfdm.measures import build_lesion_detector, DETECTOR_PATH, RECIPES
from wfdm.evaluate import round_trip
from wfdm.pretrained import demo, ASSETS
from wfdm.io import sha256

THROUGH_COMPRESSOR = ('FLAIR',)   # detectors also trained on the demo compressor's rendering of their pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(DETECTOR_PATH), help='stem to write (default: the shipped detector)')
    ap.add_argument('--only', nargs='+', choices=list(RECIPES), default=list(RECIPES), help='detectors to rebuild (the others are copied from the shipped file)')
    a = ap.parse_args()
    if a.out != str(DETECTOR_PATH):                          # start from the shipped file: what is not rebuilt is kept from it
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        for s in ('.safetensors', '.json'): shutil.copy(DETECTOR_PATH.with_suffix(s), a.out + s)
    name = f"encode/decode round trip through the demo compressor, sha256 {sha256(ASSETS / 'compressor.safetensors')}"
    plain = [m for m in a.only if m not in THROUGH_COMPRESSOR]
    through = [m for m in a.only if m in THROUGH_COMPRESSOR]
    if plain: build_lesion_detector(a.out, only=plain)
    if through: build_lesion_detector(a.out, only=through, transform=round_trip(demo().compressor), transform_name=name)
    print(f"written: {a.out}.safetensors / .json")


if __name__ == '__main__':
    main()
