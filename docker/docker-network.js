// Prints the address at which this container reaches the ports that sibling containers publish:
// the gateway of the network the container is attached to (the Actions runner attaches a Docker
// action to the job's network, github_network_…). Testcontainers starts PostgreSQL as a sibling
// through the mounted Docker socket and publishes its port on the host, which this container sees
// at that gateway, not at localhost. Prints nothing when it cannot tell (no socket, host network).
//
//   node docker-network.js [socket]     (default /var/run/docker.sock)
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');

const socket = process.argv[2] || '/var/run/docker.sock';

// Docker and Podman bind-mount the container's hostname file from a folder named after its full id.
function containerId() {
  try {
    const match = /\/containers\/([0-9a-f]{64})\/(?:userdata\/)?hostname /.exec(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
    if (match) return match[1];
  } catch { /* not Linux, or no /proc */ }
  try {
    const match = /[0-9a-f]{64}/.exec(fs.readFileSync('/proc/self/cgroup', 'utf8'));
    if (match) return match[0];
  } catch { /* cgroup v2 shows no id */ }
  return os.hostname(); // a container's default hostname is its short id
}

function inspect(id) {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: socket, path: `/containers/${encodeURIComponent(id)}/json`, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

(async () => {
  if (!fs.existsSync(socket)) return;
  try {
    const container = await inspect(containerId());
    const networks = Object.values((container.NetworkSettings || {}).Networks || {});
    const gateway = networks.map((network) => network.Gateway).find((address) => address);
    if (gateway) process.stdout.write(`${gateway}\n`);
  } catch (error) {
    process.stderr.write(`docker-network.js: could not inspect this container through ${socket}: ${error.message}\n`);
  }
})();
