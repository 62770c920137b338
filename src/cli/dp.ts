import { InvalidArgumentError, type Command } from 'commander';
import { epsilonOf, noiseForBudget, type Phase } from '../privacy/index.js';

function positive(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
    return n;
  };
}

function probability(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('must be in (0, 1]');
  return n;
}

/** Parses `σ,q,T` into a phase. */
function phase(value: string, previous: Phase[] = []): Phase[] {
  const [noise, sampleRate, steps] = value.split(',').map(Number);
  if (
    ![noise, sampleRate, steps].every((n) => n !== undefined && Number.isFinite(n) && n > 0) ||
    sampleRate! > 1
  ) {
    throw new InvalidArgumentError('a phase is NOISE,SAMPLE_RATE,STEPS, e.g. 1.1,0.01,1000');
  }
  return [...previous, { noise: noise!, sampleRate: sampleRate!, steps: Math.floor(steps!) }];
}

interface EpsilonFlags {
  noise?: number;
  sampleRate?: number;
  steps?: number;
  phase?: Phase[];
  delta: number;
  json?: boolean;
}

interface NoiseFlags {
  epsilon: number;
  delta: number;
  sampleRate: number;
  steps?: number;
  epochs?: number;
  tolerance: number;
  json?: boolean;
}

/** `bulwark dp`: differential-privacy planning for training runs. */
export function register(program: Command): void {
  const dp = program.command('dp').description('Plan differentially private training (RDP accountant)');

  dp.command('epsilon')
    .description('Privacy spent (ε at δ) by DP-SGD training with the given noise, sample rate and steps')
    .option('--noise <sigma>', 'noise multiplier σ', positive('noise'))
    .option('--sample-rate <q>', 'Poisson sampling rate q (batch size / dataset size)', probability)
    .option('--steps <T>', 'number of training steps', positive('steps'))
    .option('--phase <sigma,q,T>', 'a training phase; repeat to compose several', phase)
    .requiredOption('--delta <delta>', 'target δ', probability)
    .option('--json', 'print JSON')
    .action((flags: EpsilonFlags) => {
      const phases = [...(flags.phase ?? [])];
      if (flags.noise !== undefined || flags.sampleRate !== undefined || flags.steps !== undefined) {
        if (flags.noise === undefined || flags.sampleRate === undefined || flags.steps === undefined) {
          throw new InvalidArgumentError('--noise, --sample-rate and --steps go together');
        }
        phases.unshift({ noise: flags.noise, sampleRate: flags.sampleRate, steps: Math.floor(flags.steps) });
      }
      if (phases.length === 0)
        throw new InvalidArgumentError('give --noise/--sample-rate/--steps or --phase');
      const { epsilon, order } = epsilonOf(phases, flags.delta);
      if (flags.json) console.log(JSON.stringify({ epsilon, delta: flags.delta, order, phases }));
      else console.log(`ε = ${epsilon.toFixed(6)} at δ = ${flags.delta} (best RDP order ${order})`);
    });

  dp.command('noise')
    .description('The smallest noise multiplier that keeps training within (ε, δ)')
    .requiredOption('--epsilon <epsilon>', 'target ε', positive('epsilon'))
    .requiredOption('--delta <delta>', 'target δ', probability)
    .requiredOption('--sample-rate <q>', 'Poisson sampling rate q', probability)
    .option('--steps <T>', 'number of training steps', positive('steps'))
    .option('--epochs <E>', 'number of epochs (steps = E / q)', positive('epochs'))
    .option('--tolerance <t>', 'stop within this much of the target ε', positive('tolerance'), 0.01)
    .option('--json', 'print JSON')
    .action((flags: NoiseFlags) => {
      const steps =
        flags.steps ?? (flags.epochs !== undefined ? Math.floor(flags.epochs / flags.sampleRate) : undefined);
      if (steps === undefined) throw new InvalidArgumentError('give --steps or --epochs');
      const noise = noiseForBudget({ ...flags, steps });
      if (flags.json)
        console.log(JSON.stringify({ noise, epsilon: flags.epsilon, delta: flags.delta, steps }));
      else
        console.log(`noise multiplier σ = ${noise.toFixed(4)} (${steps} steps at q = ${flags.sampleRate})`);
    });
}
