"""Optional same-machine reference for `npm run bench:optimizer`: Optuna's TPE (univariate, as Optuna 3.1's default)
and RandomSampler on the same problems, budgets and regret definition, plus Optuna's ask+tell overhead.
Usage: python3 bench/optimizer/optuna_reference.py [--seeds 20] [--problems branin,hartmann6] [--samplers tpe,random]
Prints one JSON object. Needs `pip install optuna` (any 3.x-5.x)."""
import argparse, json, math, time
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

def branin(x):
    x1, x2 = x
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[v * 1e-4 for v in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
ALPHA = [1.0, 1.2, 3.0, 3.2]

def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))

def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(len(x) - 1))

def ackley(x):
    d = len(x)
    return -20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / d)) - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / d) + 20 + math.e

def styblinski_tang(x):
    return sum(v ** 4 - 16 * v ** 2 + 5 * v for v in x) / 2

PROBLEMS = {
    'branin': (branin, [(-5, 10), (0, 15)], 0.397887357729738),
    'hartmann6': (hartmann6, [(0, 1)] * 6, -3.32236801141551),
    'rosenbrock': (rosenbrock, [(-5, 10)] * 5, 0.0),
    'ackley': (ackley, [(-32.768, 32.768)] * 5, 0.0),
    'styblinski-tang': (styblinski_tang, [(-5, 5)] * 8, -39.16616570377142 * 8),
}

def make_sampler(name, seed):
    if name == 'tpe':
        return optuna.samplers.TPESampler(seed=seed, multivariate=False)
    if name == 'tpe-multivariate':
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    return optuna.samplers.RandomSampler(seed=seed)

def regret(problem, sampler, seed, trials=200, budgets=(50, 100, 200)):
    f, bounds, optimum = PROBLEMS[problem]
    study = optuna.create_study(sampler=make_sampler(sampler, seed))
    study.optimize(lambda t: f([t.suggest_float(f'x{i}', lo, hi) for i, (lo, hi) in enumerate(bounds)]), n_trials=trials)
    values = [t.value for t in study.trials]
    return [max(-12.0, math.log10(max(min(values[:b]) - optimum, 1e-300))) for b in budgets]

def overhead(sampler, checkpoints=(100, 1000), window=50):
    study = optuna.create_study(sampler=make_sampler(sampler, 1))
    times, cpu = [], []
    for _ in range(max(checkpoints) + window):
        c0, t0 = time.process_time(), time.perf_counter()
        trial = study.ask()
        study.tell(trial, sum(trial.suggest_float(f'x{i}', -5, 5) ** 2 for i in range(5)))
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return {str(c): {'ms': med(times[c:c + window]), 'cpuMs': med(cpu[c:c + window])} for c in checkpoints}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seeds', type=int, default=20)
    parser.add_argument('--problems', default=','.join(PROBLEMS))
    parser.add_argument('--samplers', default='tpe')
    parser.add_argument('--part', default='regret,overhead')
    args = parser.parse_args()
    out = {'optuna': optuna.__version__, 'regret': {}, 'overhead': {}}
    for sampler in args.samplers.split(','):
        if 'regret' in args.part:
            for problem in args.problems.split(','):
                runs = [regret(problem, sampler, seed) for seed in range(args.seeds)]
                out['regret'].setdefault(sampler, {})[problem] = [sorted(r[i] for r in runs)[len(runs) // 2] if len(runs) % 2 else
                    (sorted(r[i] for r in runs)[len(runs) // 2 - 1] + sorted(r[i] for r in runs)[len(runs) // 2]) / 2 for i in range(3)]
        if 'overhead' in args.part:
            out['overhead'][sampler] = overhead(sampler)
    print(json.dumps(out))

if __name__ == '__main__':
    main()
