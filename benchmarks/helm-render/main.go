// Command helm-render times Helm's own work on a generated chart, outside the JVM: the same Helm library helm-java
// embeds (go.mod pins its version), rendering the chart as a client-only dry-run install (what neotool:lint's renders
// do) or linting it, several times in one process. It is how the Helm-side figures in docs/generate.md ("Scaling
// with services") were taken; no test runs it.
//
// Usage: go run . <chart directory> <iterations> template|lint
//
// PROFILE=<file> writes a CPU profile of all iterations (go tool pprof -top -cum <file>); ALLOCS=<file> writes the
// allocations. GOGC works as for any Go program. A chart of many services: SCALE_KEEP=<dir> benchmarks/scale.sh 1 1
// "5 200" keeps the platforms it generates in <dir>.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint"
)

var kubeVersion = &chartutil.KubeVersion{Version: "v1.32.0", Major: "1", Minor: "32"}

func main() {
	if len(os.Args) != 4 || (os.Args[3] != "template" && os.Args[3] != "lint") {
		fail("usage: go run . <chart directory> <iterations> template|lint")
	}
	chartPath, mode := os.Args[1], os.Args[3]
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
func render(chartPath string) {
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
	if _, err := install.Run(chart, map[string]interface{}{}); err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "helm-render: "+message)
	os.Exit(1)
}
