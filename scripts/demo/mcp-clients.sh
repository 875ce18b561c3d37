#!/usr/bin/env bash
# tunechat's MCP server tried in real MCP clients from npm, as a new user would (docs/mcp.md, "Tried in real clients"):
# Claude Code, the MCP Inspector's CLI and gemini-cli, each configured as the README says, list the tools, and a
# branin study runs from Claude Code (`claude -p`), gemini-cli (`gemini -p`) and the Inspector.
#
# - The clients are installed under $MCP_CLIENTS (default /tmp/mcp-clients), never into the repository.
# - This repository's HEAD is cloned into $WORK/tunechat and `npm ci` runs there (a clean checkout); `--checkout DIR`
#   uses an existing checkout with its node_modules instead (its ./data/tunechat.db gets the studies).
# - Each client gets its own HOME under $WORK. Nothing leaves 127.0.0.1: the clients' model is
#   scripts/demo/mcp-fake-models.ts, a scripted Anthropic and Gemini API that records what the clients sent it.
#
# Usage: scripts/demo/mcp-clients.sh [--checkout DIR]      Output: $WORK/out (default WORK: a new /tmp/tunechat-mcp-clients.*)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
CLIENTS=${MCP_CLIENTS:-/tmp/mcp-clients}
WORK=${WORK:-$(mktemp -d /tmp/tunechat-mcp-clients.XXXXXX)}
OUT=$WORK/out
CHECKOUT=""
if [[ "${1:-}" == "--checkout" ]]; then CHECKOUT=$(cd "$2" && pwd); fi
# Claude Code 2.1.197 is the newest whose package declares node >=18 (later ones need 22); it ships a native binary.
# The Inspector 0.14.0 has no engines field (0.16+ needs node 22). gemini-cli 0.61.0 supports node 20.
CLAUDE_CODE=@anthropic-ai/claude-code@2.1.197
INSPECTOR=@modelcontextprotocol/inspector@0.14.0
GEMINI=@google/gemini-cli@0.61.0
mkdir -p "$OUT"
log() { printf '%s\n' "$*" | tee -a "$OUT/summary.txt"; }
# timed NAME CMD...: runs CMD with stdout to $OUT/NAME, logs its exit status and seconds.
timed() {
  local name=$1 start end rc=0
  shift
  start=$(date +%s%N)
  "$@" >"$OUT/$name" 2>"$OUT/$name.err" || rc=$?
  end=$(date +%s%N)
  log "  $name: exit $rc, $(( (end - start) / 1000000 )) ms"
}
json() { node -e "const v = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log(($1)(v))" "$2"; }

install() {
  local dir=$CLIENTS/$1 spec=$2
  if [[ ! -d "$dir/node_modules" ]]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund "$spec" >"$OUT/install-$1.log" 2>&1
  fi
}

log "tunechat MCP clients demo: $(date -u +%FT%TZ), node $(node --version), work dir $WORK"
install claude-code "$CLAUDE_CODE"
install inspector "$INSPECTOR"
install gemini "$GEMINI"
CLAUDE=$CLIENTS/claude-code/node_modules/.bin/claude
INSPECT=$CLIENTS/inspector/node_modules/.bin/mcp-inspector
GEMINI_BIN=$CLIENTS/gemini/node_modules/.bin/gemini
log "clients: claude $("$CLAUDE" --version | head -1), inspector ${INSPECTOR##*@}, gemini $("$GEMINI_BIN" --version)"

if [[ -z "$CHECKOUT" ]]; then
  CHECKOUT=$WORK/tunechat
  git clone -q "$REPO" "$CHECKOUT"
  (cd "$CHECKOUT" && npm ci --no-audit --no-fund >"$OUT/npm-ci.log" 2>&1)
  log "clean checkout: $CHECKOUT at $(git -C "$CHECKOUT" rev-parse --short HEAD) (npm ci)"
fi

(cd "$REPO" && exec node --import tsx scripts/demo/mcp-fake-models.ts "$OUT/model-api") >"$OUT/model-api.log" 2>&1 &
FAKE_PID=$!
cleanup() { if [[ -n "$FAKE_PID" ]]; then kill "$FAKE_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q listening "$OUT/model-api.log" 2>/dev/null && break; sleep 0.2; done
API=$(grep -o 'http://127.0.0.1:[0-9]*' "$OUT/model-api.log")
# report API: what the clients sent the model (from $OUT/model-api/requests.jsonl).
report() {
  node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((r) => r.api === process.argv[2] && r.tools);
for (const r of lines) console.log(`  request (${r.model}): ${r.tools.length} tools (${r.tunechat_tools.length} tunechat), results of [${r.tool_results.map((t) => t.name).join(", ")}] -> ${r.step}`);
const listed = lines.find((r) => r.tunechat_tools.length > 0);
if (listed) console.log(`  tunechat tools sent to the model: ${listed.tunechat_tools.map((t) => t.name).join(" ")}`);
const last = lines.at(-1);
if (last) console.log(`  answer: ${last.answer.text ?? JSON.stringify(last.answer)}`);
' "$OUT/model-api/requests.jsonl" "$1" | tee -a "$OUT/summary.txt"
}

# --- Claude Code: README's `claude mcp add --scope project`, in the checkout ---------------------------------------
log "Claude Code"
export HOME=$WORK/home-claude
mkdir -p "$HOME"
cd "$CHECKOUT"
"$CLAUDE" mcp remove --scope project tunechat >/dev/null 2>&1 || true # a checkout used before
"$CLAUDE" mcp add --scope project tunechat -- npx tunechat mcp >"$OUT/claude-mcp-add.txt" 2>&1
# What the first interactive `claude` in this folder asks once: use the project's .mcp.json server.
mkdir -p .claude
echo '{"enabledMcpjsonServers":["tunechat"]}' >.claude/settings.local.json
timed claude-mcp-list.txt "$CLAUDE" mcp list
timed claude-mcp-get.txt "$CLAUDE" mcp get tunechat
log "  $(grep -h 'tunechat: ' "$OUT/claude-mcp-list.txt" | head -1)"
ANTHROPIC_BASE_URL=$API ANTHROPIC_API_KEY=sk-ant-demo-not-a-key DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
  timed claude-p.jsonl "$CLAUDE" -p "Tune branin with tunechat: 20 trials, then tell me the best value." \
  --allowedTools "mcp__tunechat__*" --output-format stream-json --verbose
report anthropic

# --- MCP Inspector CLI: README's Claude Desktop snippet (node …/bin/tunechat.js mcp --dir …), one process per call --
log "MCP Inspector CLI"
export HOME=$WORK/home-inspector
mkdir -p "$HOME"
CONFIG=$HOME/claude_desktop_config.json
printf '{ "mcpServers": { "tunechat": { "command": "node", "args": ["%s/bin/tunechat.js", "mcp", "--dir", "%s"] } } }\n' "$CHECKOUT" "$CHECKOUT" >"$CONFIG"
inspect() { "$INSPECT" --cli --config "$CONFIG" --server tunechat "$@"; }
timed inspector-tools.json inspect --method tools/list
log "  $(json 'v => `${v.tools.length} tools: ${v.tools.map((t) => t.name).join(" ")}`' "$OUT/inspector-tools.json")"
timed inspector-start.json inspect --method tools/call --tool-name start_study --tool-arg target=branin --tool-arg trials=20 --tool-arg seed=7
STUDY=$(json 'v => v.structuredContent.study_id' "$OUT/inspector-start.json")
log "  $(json 'v => v.content[0].text' "$OUT/inspector-start.json")"
# A second process: the first one exited when the Inspector closed it, suspending the study.
timed inspector-wait.json inspect --method tools/call --tool-name wait_for_study --tool-arg "study_id=$STUDY"
log "  $(json 'v => v.content[0].text' "$OUT/inspector-wait.json")"
timed inspector-study.json inspect --method resources/read --uri "tunechat://study/$STUDY"
log "  $(json 'v => { const s = JSON.parse(v.contents[0].text); return `tunechat://study/${s.id}: ${s.status}, ${s.trials.done}/${s.trials.budget} trials` }' "$OUT/inspector-study.json")"

# --- gemini-cli: `gemini mcp add` (project settings), the folder trusted, `gemini mcp list` -------------------------
log "gemini-cli"
export HOME=$WORK/home-gemini
mkdir -p "$HOME/.gemini"
echo "{\"$CHECKOUT\":\"TRUST_FOLDER\"}" >"$HOME/.gemini/trustedFolders.json"
# An API key rather than a Google login (the key and the API are the fake's: GOOGLE_GEMINI_BASE_URL below).
echo '{"security":{"auth":{"selectedType":"gemini-api-key"}}}' >"$HOME/.gemini/settings.json"
"$GEMINI_BIN" mcp remove tunechat >/dev/null 2>&1 || true
"$GEMINI_BIN" mcp add tunechat npx tunechat mcp >"$OUT/gemini-mcp-add.txt" 2>&1
timed gemini-mcp-list.txt "$GEMINI_BIN" mcp list
log "  $(grep -h ' tunechat: ' "$OUT/gemini-mcp-list.txt" "$OUT/gemini-mcp-list.txt.err" | head -1)"
GOOGLE_GEMINI_BASE_URL=$API GEMINI_API_KEY=demo-not-a-key \
  timed gemini-p.json "$GEMINI_BIN" -p "Tune branin with tunechat: 20 trials, then tell me the best value." \
  --output-format json --allowed-mcp-server-names tunechat
report gemini

# --- The descriptions and schemas each client sent its model, against tools/list (the Inspector's) --------------------
# Known rewrites, undone before comparing: Claude Code writes "…" as "..."; gemini-cli adds a wait_for_previous
# property to every tool (it does not reach tunechat, which would drop it anyway).
node -e '
const fs = require("fs");
const listed = new Map(JSON.parse(fs.readFileSync(process.argv[1], "utf8")).tools.map((t) => [t.name, t]));
const lines = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const ascii = (v) => JSON.stringify(v).replaceAll("\u2026", "...").replaceAll("…", "...");
for (const api of ["anthropic", "gemini"]) {
  const r = lines.find((l) => l.api === api && l.tunechat_tools?.length);
  if (!r) continue;
  let raw = 0, same = 0, desc = 0;
  for (const d of r.tunechat_tools) {
    const t = listed.get(d.name.replace(/^mcp__?tunechat__?/, ""));
    if (!t) continue;
    if (JSON.stringify(d.schema) === JSON.stringify(t.inputSchema)) raw++;
    const schema = structuredClone(d.schema);
    if (api === "gemini") delete schema.properties?.wait_for_previous;
    if (ascii(schema) === ascii(t.inputSchema)) same++;
    if (ascii(d.description) === ascii(t.description)) desc++;
  }
  console.log(`${api}: ${r.tunechat_tools.length} tunechat tools; input schemas equal to tools/list as sent ${raw}, after the known rewrites ${same}; descriptions equal ${desc}`);
}
' "$OUT/inspector-tools.json" "$OUT/model-api/requests.jsonl" | tee -a "$OUT/summary.txt"
log "output: $OUT"
