/** Help texts of `kscenario` and its subcommands. */

const EXIT_CODES = `Exit codes:
  0   every scenario passed (validate: every file is valid)
  1   an expectation failed or an invariant was violated
  2   invalid input (diagnostics as file:line:col: CODE: message (at path) on stderr),
      a missing file, or a usage error
  70  internal error: a bug in kscenario, or a run that exceeded the engine's event
      budget or virtual-time horizon (please report it with the scenario file)`;

export const MAIN_HELP = `kscenario: replay declarative Kubernetes scenarios on a virtual clock against an
in-memory model of Kubernetes 1.30, and check expectations and invariants.

Usage:
  kscenario run [options] FILE|DIR...       run scenarios, print a timeline and a verdict
  kscenario validate [options] FILE|DIR...  load and check scenarios without running them
  kscenario help [run|validate]             show help (also: kscenario COMMAND --help)
  kscenario --version                       print the version

A directory is searched recursively for YAML files with "kind: Scenario"; files in
"manifests/" folders and other kinds are skipped.

Colours are used only when stdout is a terminal and NO_COLOR is unset.

${EXIT_CODES}
`;

export const RUN_HELP = `Usage: kscenario run [options] FILE|DIR...

Run each scenario: print its timeline, a verdict line
  PASS scenarios/store/finalizers.yaml (12 events, 1m30s virtual)
and, at the end, a summary. A failure shows the diff or the violated invariant.

Options:
  --json          print a JSON array of results on stdout instead of text
  --trace FILE    write every trace line (time, component, action, object) to FILE
  --seed N        override spec.seed (a non-negative integer)
  --root DIR      manifest paths must resolve inside DIR (default: the current directory)
  --at D --get KIND
                  instead of the timeline, print what "kubectl get KIND" shows at virtual
                  time D (Go duration: 90s, 5m, 1h30m): steps due after D do not run; if
                  the steps end first, the cluster runs on by itself until D. KIND as
                  kubectl takes it: pods, po, deploy, rs, svc, ep, endpointslices, nodes,
                  events, pv, pvc, cm, secrets, ns, sts, ds, jobs, cj, pdb, sc, pc;
                  several with commas (pods,svc) or "all"; KIND/NAME for one object
                  (svc/kube-dns). With it:
    -o, --output wide           the -o wide columns
    -n, --namespace NS          namespace (default "default")
    -A, --all-namespaces        every namespace, with a NAMESPACE column
    -l, --selector SELECTOR     label selector (app=web,tier!=db)
                  Exit 1 if the scenario failed before D (the table is still printed).
  --at D --describe KIND/NAME [-n NS]
                  instead of the timeline, print what "kubectl describe KIND NAME" shows
                  at virtual time D (pod, deploy, rs, svc, node, ns, secret, cm, sa, ep,
                  limits, quota, pv, pvc).
  --color, --no-color
                  force colours on or off
  -h, --help      show this help

${EXIT_CODES}
`;

export const VALIDATE_HELP = `Usage: kscenario validate [options] FILE|DIR...

Load each scenario and the manifests it references and check them against the schema and
Kubernetes' validation, without running anything. Each problem is printed on stderr as
  file:line:col: CODE: message (at spec.steps[3].apply.metadata.name)

Options:
  --json          print a JSON array of {file, valid, diagnostics} on stdout
  --root DIR      manifest paths must resolve inside DIR (default: the current directory)
  --color, --no-color
                  force colours on or off
  -h, --help      show this help

${EXIT_CODES}
`;
