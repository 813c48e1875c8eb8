#!/usr/bin/env python3
"""Writes the table of when each Kubernetes API field and kind arrived, and in which versions a field's feature gate is
off by default, that neotool:lint's schema validation reads (KubernetesFields): the lint validates against
client-java-api's Kubernetes 1.32 models, and this table tells it what an older target's API server does not have
yet, and what it drops unless the cluster turns a gate on.

It reads the models of the Kubernetes Python client, one release per Kubernetes minor (25.x for 1.25 to 32.x for
1.32: the same OpenAPI definitions, with the Java models' class names), from PyPI with pip, without running them.

Usage: python3 tools/kubernetes-fields.py > \
  neotool-maven-plugin/src/main/resources/io/neotool/charts/verify/kubernetes-fields.tsv
Run it again, with the next release added to RELEASES, when client-java-api moves to a newer Kubernetes."""
import ast
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# Kubernetes minor -> the Python client release of it
RELEASES = {25: "25.3.0", 26: "26.1.0", 27: "27.2.0", 28: "28.1.0", 29: "29.0.0", 30: "30.1.0", 31: "31.0.0",
            32: "32.0.1"}


# how the API's descriptions say that a field itself is alpha (not a value of it, nor an API version's name)
ALPHA = re.compile(r"this is an alpha (field|feature)|this field is alpha|alpha-level|\(alpha\) (using (this|the) field|"
                   r"this field)", re.I)

# The minors in which a field's feature gate is off by default where the descriptions do not say so, in place of
# what they say: a field of an object type has no description of its own in the models (it is lost beside the
# $ref), some never name their gate, and some still say alpha a release after the gate turned on. From each gate's
# stages in Kubernetes' feature-gate reference.
GATED = {
    ("V1Container", "resizePolicy"): [27, 28, 29, 30, 31, 32],  # InPlacePodVerticalScaling: alpha 1.27, beta 1.33
    ("V1Container", "restartPolicy"): [28],  # SidecarContainers: alpha 1.28, beta (on) 1.29
    ("V1JobSpec", "managedBy"): [30, 31],  # JobManagedBy: alpha 1.30, beta (on) 1.32
    ("V1JobSpec", "successPolicy"): [30],  # JobSuccessPolicy: alpha 1.30, beta (on) 1.31
    ("V1LifecycleHandler", "sleep"): [29],  # PodLifecycleSleepAction: alpha 1.29, beta (on) 1.30
    ("V1PersistentVolumeClaimSpec", "volumeAttributesClassName"): [29, 30, 31, 32],  # VolumeAttributesClass: beta off
    ("V1PodSecurityContext", "seLinuxChangePolicy"): [32],  # SELinuxChangePolicy: alpha 1.32, beta (on) 1.33
    ("V1PodSpec", "resources"): [32],  # PodLevelResources: alpha 1.32, beta (on) 1.34
    ("V1ServiceSpec", "trafficDistribution"): [30],  # ServiceTrafficDistribution: alpha 1.30, beta (on) 1.31
    ("V1StatefulSetSpec", "ordinals"): [26],  # StatefulSetStartOrdinal: alpha 1.26, beta (on) 1.27
    ("V1Volume", "image"): [31, 32],  # ImageVolume: alpha 1.31, beta (off) 1.33
    ("V1VolumeMount", "recursiveReadOnly"): [30],  # RecursiveReadOnlyMounts: alpha 1.30, beta (on) 1.31
    ("V1PersistentVolumeSpec", "volumeAttributesClassName"): [29, 30, 31, 32],  # VolumeAttributesClass, as above
    # descriptions that say alpha of a gate on by default, or of one of the field's values rather than the field
    ("V1JSONSchemaProps", "x-kubernetes-validations"): [],  # CRDValidationRules: beta (on) 1.25
    ("V1PodFailurePolicyRule", "action"): [],  # its FailIndex value is JobBackoffLimitPerIndex's, not the field
    ("V1WindowsSecurityContextOptions", "hostProcess"): [],  # WindowsHostProcessContainers: beta (on) 1.23
}


def models(wheel):
    """Each model class of a client release: {class name: {JSON field name: its description}}."""
    found = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if not re.match(r"kubernetes/client/models/v\d.*\.py$", name):
                continue
            for cls in ast.parse(z.read(name)).body:
                if not isinstance(cls, ast.ClassDef):
                    continue
                attributes, docs = {}, {}
                for node in cls.body:
                    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "attribute_map":
                        attributes = ast.literal_eval(node.value)
                    if isinstance(node, ast.FunctionDef) and any(getattr(d, "id", "") == "property"
                                                                for d in node.decorator_list):
                        docs[node.name] = ast.get_docstring(node) or ""
                found[cls.name] = {json: docs.get(py, "") for py, json in attributes.items()}
    return found


def main():
    with tempfile.TemporaryDirectory() as tmp:
        by_minor = {}
        for minor, release in RELEASES.items():
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp,
                            "kubernetes==" + release], check=True)
            by_minor[minor] = models(next(Path(tmp).glob("kubernetes-" + release + "-*.whl")))
    first = min(by_minor)
    print("# Generated by tools/kubernetes-fields.py from the Kubernetes API of 1.%d to 1.%d; do not edit." %
          (first, max(by_minor)))
    print("# model<TAB>field (empty: the kind itself)<TAB>first minor with it (after 1.%d)<TAB>minors whose API server"
          " drops it unless a feature gate, off by default, is turned on" % first)
    for model in sorted(set().union(*by_minor.values())):
        with_model = [m for m in sorted(by_minor) if model in by_minor[m]]
        fields = by_minor[with_model[-1]][model]
        is_kind = {"apiVersion", "kind", "metadata"} <= set(fields)
        if is_kind and with_model[0] > first:
            print("%s\t\t%d\t" % (model, with_model[0]))
        stable = re.match(r"V\d+[A-Z]", model) is not None
        for field in sorted(set().union(*(by_minor[m][model] for m in with_model))):
            present = [m for m in with_model if field in by_minor[m][model]]
            added = present[0] if present[0] > with_model[0] else None
            alpha = [m for m in present if stable and ALPHA.search(by_minor[m][model][field])]
            alpha = [m for m in GATED.get((model, field), alpha) if m in present]
            if added or alpha:
                print("%s\t%s\t%s\t%s" % (model, field, added or "", ",".join(map(str, alpha))))


if __name__ == "__main__":
    main()
