import { Command, CommandRunner, Option } from 'nest-commander';
import { runSubscribersCommand, SUBSCRIBER_ACTIONS, type SubscribersOptions } from './subscribers-command.js';

@Command({
  name: 'subscribers',
  arguments: '<action> [name]',
  description: `Outside subscribers of the event stream: ${SUBSCRIBER_ACTIONS.join(' | ')}`,
})
export class SubscribersCommand extends CommandRunner {
  async run([action, name]: string[], options: SubscribersOptions): Promise<void> {
    process.exitCode = await runSubscribersCommand(action, name, options, { out: process.stdout, err: process.stderr, env: process.env });
  }

  @Option({ flags: '--patterns <list>', description: 'add: event patterns, comma-separated (innovation.*,replication.completed)' })
  parsePatterns(value: string): string {
    return value;
  }

  @Option({ flags: '--province <code>', description: 'add: only events naming a region of this province (33)' })
  parseProvince(value: string): string {
    return value;
  }

  @Option({ flags: '--webhook <url>', description: 'add: an HTTPS endpoint to POST each event to, signed, instead of a queue' })
  parseWebhook(value: string): string {
    return value;
  }

  @Option({ flags: '--from <when>', description: 'add: now (default) or beginning (first every event still in the outbox history)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--max-backlog <n>', description: 'add: pause it past this many waiting events' })
  parseMaxBacklog(value: string): string {
    return value;
  }

  @Option({ flags: '--max-age <seconds>', description: 'add: pause it past this age of its oldest waiting event' })
  parseMaxAge(value: string): string {
    return value;
  }

  @Option({ flags: '--since <time>', description: 'replay: every event sent since this time' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--no-replay', description: 'resume: do not send the events missed while paused' })
  parseNoReplay(): boolean {
    return false;
  }
}
