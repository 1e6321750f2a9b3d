'use strict';
// A discord.js 14 client for protocol proofs: logs in against a local Discord (the simulator,
// or the gateway keeper for the gateway with the simulator for REST), prints one JSON object
// per line on stdout, replies to every message from a user and answers every slash command.
//
//   DISCORD_TOKEN=... node probe.js --rest http://127.0.0.1:P/api/v10 [--gateway ws://127.0.0.1:Q/gateway]
//                                   [--max-seconds 60]
//
// The token comes from the environment only (never argv). Stops with exit 0 on a line "exit"
// on stdin or when stdin ends, with exit 3 after --max-seconds, with 1 on a fatal error.
//
// discord.js asks REST for GET /gateway/bot and connects wherever its `url` says. With
// --gateway, this client's REST answer is rewritten to that URL (only for this client, no
// global patch), so REST and gateway can live in different processes as with a keeper.

const { Client, GatewayIntentBits, Events, Routes, version } = require('discord.js');
const readline = require('node:readline');

function out(event, fields) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

function args(argv) {
  const result = { maxSeconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--rest') result.rest = value;
    else if (name === '--gateway') result.gateway = value;
    else if (name === '--max-seconds') result.maxSeconds = Number(value);
    else throw new Error(`unknown argument ${name} (known: --rest, --gateway, --max-seconds)`);
    i++;
  }
  if (!result.rest) throw new Error('--rest is required');
  if (!/^https?:\/\//.test(result.rest)) throw new Error('--rest must be an http(s) URL');
  if (result.gateway !== undefined && !/^wss?:\/\//.test(result.gateway)) {
    throw new Error('--gateway must be a ws(s) URL');
  }
  if (!Number.isFinite(result.maxSeconds) || result.maxSeconds <= 0 || result.maxSeconds > 3600) {
    throw new Error('--max-seconds must be between 0 and 3600');
  }
  return result;
}

/** http://host/api/v10 -> { api: http://host/api, version: '10' } (@discordjs/rest adds /v10). */
function restOptions(base) {
  const trimmed = base.replace(/\/+$/, '');
  const match = /^(.*)\/v(\d+)$/.exec(trimmed);
  return match ? { api: match[1], version: match[2] } : { api: trimmed, version: '10' };
}

function oneLine(error) {
  const text = error && error.message ? error.message : String(error);
  return text.split('\n')[0];
}

let client;
let exiting = false;

async function exit(code, reason) {
  if (exiting) return;
  exiting = true;
  try {
    if (client) await client.destroy();
  } catch (error) {
    out('error', { where: 'destroy', message: oneLine(error) });
  }
  out('exit', { code, reason });
  process.exitCode = code;
  // sockets and timers of a destroyed client must not keep the process alive
  setTimeout(() => process.exit(code), 200).unref();
}

async function main() {
  let options;
  try {
    options = args(process.argv.slice(2));
  } catch (error) {
    out('error', { where: 'arguments', message: oneLine(error) });
    process.exit(2);
  }
  const token = process.env.DISCORD_TOKEN;
  if (!token) {
    out('error', { where: 'arguments', message: 'DISCORD_TOKEN is not set' });
    process.exit(2);
  }
  setTimeout(() => exit(3, `time limit of ${options.maxSeconds} s`), options.maxSeconds * 1000).unref();
  const stdin = readline.createInterface({ input: process.stdin });
  stdin.on('line', line => {
    if (line.trim() === 'exit') exit(0, 'asked on stdin');
  });
  stdin.on('close', () => exit(0, 'stdin closed'));

  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: restOptions(options.rest),
  });
  const restGet = client.rest.get.bind(client.rest);
  client.rest.get = async (route, requestOptions) => {
    const data = await restGet(route, requestOptions);
    if (route === Routes.gatewayBot()) {
      const url = options.gateway ?? data.url;
      out('gateway_info', { url, from_rest: data.url });
      return { ...data, url };
    }
    return data;
  };

  client.on(Events.ClientReady, ready => {
    out('ready', {
      user_id: ready.user.id,
      username: ready.user.username,
      guilds: ready.guilds.cache.size,
      guild_ids: [...ready.guilds.cache.keys()],
    });
  });
  client.on(Events.MessageCreate, async message => {
    out('message', {
      id: message.id,
      channel_id: message.channelId,
      guild_id: message.guildId,
      author_id: message.author.id,
      author_bot: message.author.bot,
      content: message.content,
    });
    if (message.author.id === client.user.id || message.author.bot) return;
    try {
      const reply = await message.reply(`pong: ${message.content}`);
      out('reply', { to: message.id, id: reply.id, content: reply.content });
    } catch (error) {
      out('error', { where: 'reply', message: oneLine(error) });
    }
  });
  client.on(Events.InteractionCreate, async interaction => {
    if (!interaction.isChatInputCommand()) return;
    out('interaction', { id: interaction.id, name: interaction.commandName, channel_id: interaction.channelId });
    try {
      await interaction.reply(`pong: /${interaction.commandName}`);
      out('interaction_reply', { to: interaction.id });
    } catch (error) {
      out('error', { where: 'interaction_reply', message: oneLine(error) });
    }
  });
  client.on(Events.ShardResume, (shardId, replayed) => out('resumed', { shard: shardId, replayed }));
  client.on(Events.ShardDisconnect, (event, shardId) => out('disconnected', { shard: shardId, code: event.code }));
  client.on(Events.Error, error => out('error', { where: 'client', message: oneLine(error) }));

  out('start', { node: process.version, discordjs: version, rest: options.rest, gateway: options.gateway ?? null });
  try {
    await client.login(token);
  } catch (error) {
    out('error', { where: 'login', message: oneLine(error) });
    await exit(1, 'login failed');
  }
}

process.on('unhandledRejection', error => out('error', { where: 'unhandled', message: oneLine(error) }));
main();
