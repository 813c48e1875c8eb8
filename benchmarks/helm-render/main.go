// Command helm-render times Helm's own work on a generated chart, outside the JVM: the same Helm library helm-java
// embeds (go.mod pins its version), rendering the chart as a client-only dry-run install (what neotool:lint's renders
// do) or linting it, several times in one process. It is how the Helm-side figures in docs/generate.md ("Scaling
// with services") were taken; no test runs it.
//
// Usage: go run . <chart directory> <iterations> template|lint
//
// go run . <chart directory> 1 release prints instead the size of the release Helm would store on the cluster for
// that render: the release (rendered manifests, hooks, the top-level chart's files) as Helm's Secret driver writes it
// (JSON, gzip at best compression, base64), against the 1 MiB the API server takes in one Secret.
//
// PROFILE=<file> writes a CPU profile of all iterations (go tool pprof -top -cum <file>); ALLOCS=<file> writes the
// allocations. GOGC works as for any Go program. A chart of many services: SCALE_KEEP=<dir> benchmarks/scale.sh 1 1
// "5 200" keeps the platforms it generates in <dir>.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/release"
)

var kubeVersion = &chartutil.KubeVersion{Version: "v1.32.0", Major: "1", Minor: "32"}

func main() {
	if len(os.Args) != 4 || (os.Args[3] != "template" && os.Args[3] != "lint" && os.Args[3] != "release") {
		fail("usage: go run . <chart directory> <iterations> template|lint|release")
	}
	chartPath, mode := os.Args[1], os.Args[3]
	if mode == "release" {
		stored(render(chartPath))
		return
	}
	n, err := strconv.Atoi(os.Args[2])
	if err != nil || n < 1 {
		fail("iterations must be a positive number, got " + os.Args[2])
	}
	if p := os.Getenv("PROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fail(err.Error())
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err.Error())
		}
		defer pprof.StopCPUProfile()
	}
	for i := 0; i < n; i++ {
		start := time.Now()
		if mode == "lint" {
			result := lint.AllWithKubeVersion(chartPath, map[string]interface{}{}, "default", kubeVersion)
			for _, m := range result.Messages {
				if m.Severity > 1 { // warnings and errors: the figures would not mean anything
					fail(m.Error())
				}
			}
		} else {
			render(chartPath)
		}
		fmt.Printf("%s %d ms\n", mode, time.Since(start).Milliseconds())
	}
	if p := os.Getenv("ALLOCS"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fail(err.Error())
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fail(err.Error())
		}
	}
}

// render is helm template: a client-only dry-run install with the chart's own values.
func render(chartPath string) *release.Release {
	chart, err := loader.Load(chartPath)
	if err != nil {
		fail(err.Error())
	}
	install := action.NewInstall(new(action.Configuration))
	install.DryRun = true
	install.ClientOnly = true
	install.Replace = true
	install.ReleaseName = "neotool"
	install.Namespace = "default"
	install.KubeVersion = kubeVersion
	rel, err := install.Run(chart, map[string]interface{}{})
	if err != nil {
		fail(err.Error())
	}
	return rel
}

// stored prints the size of rel as Helm's Secret storage driver encodes it (encodeRelease in pkg/storage/driver).
func stored(rel *release.Release) {
	data, err := json.Marshal(rel)
	if err != nil {
		fail(err.Error())
	}
	var compressed bytes.Buffer
	w, err := gzip.NewWriterLevel(&compressed, gzip.BestCompression)
	if err != nil {
		fail(err.Error())
	}
	if _, err := w.Write(data); err != nil {
		fail(err.Error())
	}
	if err := w.Close(); err != nil {
		fail(err.Error())
	}
	encoded := base64.StdEncoding.EncodedLen(compressed.Len())
	fmt.Printf("release %d bytes as JSON (manifests %d), %d gzipped, %d stored in its Secret (%.0f %% of 1048576)\n",
		len(data), len(rel.Manifest), compressed.Len(), encoded, 100*float64(encoded)/1048576)
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "helm-render: "+message)
	os.Exit(1)
}
