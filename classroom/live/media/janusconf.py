"""Janus configuration from the templates in deploy/janus/ (`${NAME}` placeholders).

Used by the test set-up, the benchmark and `classroom janus-config` (docker-compose renders
the Janus service's configuration with it), so every Janus the project runs has token auth,
the Admin API and the event handler pointing at the app."""

from __future__ import annotations

import glob
import string
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[3] / "deploy" / "janus"
FILES = (
    "janus.jcfg",
    "janus.transport.http.jcfg",
    "janus.plugin.videoroom.jcfg",
    "janus.eventhandler.sampleevh.jcfg",
)


def janus_lib_folder() -> str:
    """Where the Debian package put the plugins (a multiarch folder)."""
    found = sorted(glob.glob("/usr/lib/*/janus/plugins")) + sorted(glob.glob("/usr/lib/janus/plugins"))
    return str(Path(found[0]).parent) if found else "/usr/lib/janus"


@dataclass
class JanusConfig:
    admin_secret: str
    room_admin_key: str
    events_url: str
    events_secret: str
    http_ip: str = "127.0.0.1"
    http_port: int = 8088
    admin_ip: str = "127.0.0.1"
    admin_port: int = 7088
    rtp_port_range: str = "20000-40000"
    ice_enforce_list: str = ""
    allow_origin: str = "*"
    server_name: str = "classroom-janus"
    debug_level: int = 4
    events_enabled: bool = True  # the benchmark runs Janus without an app to post to
    # Extra lines for the nat section, e.g. `nat_1_1_mapping = "203.0.113.7"` or a TURN server.
    nat_extra: list[str] = field(default_factory=list)

    def values(self, configs_folder: Path) -> dict[str, str]:
        return {
            "CONFIGS_FOLDER": str(configs_folder),
            "LIB_FOLDER": janus_lib_folder(),
            "DEBUG_LEVEL": str(self.debug_level),
            "SERVER_NAME": self.server_name,
            "ADMIN_SECRET": self.admin_secret,
            "RTP_PORT_RANGE": self.rtp_port_range,
            "ICE_ENFORCE_LIST": self.ice_enforce_list,
            "NAT_EXTRA": "\n\t".join(self.nat_extra),
            "HTTP_IP": self.http_ip,
            "HTTP_PORT": str(self.http_port),
            "ADMIN_IP": self.admin_ip,
            "ADMIN_PORT": str(self.admin_port),
            "ALLOW_ORIGIN": self.allow_origin,
            "ROOM_ADMIN_KEY": self.room_admin_key,
            "EVENTS_URL": self.events_url,
            "EVENTS_SECRET": self.events_secret,
            "EVENTS_ENABLED": "true" if self.events_enabled else "false",
        }

    def render(self, folder: Path, configs_folder: Path | None = None) -> Path:
        """Write the configuration files into `folder` (Janus reads them from `configs_folder`,
        the same folder unless it is mounted elsewhere, as in a container)."""
        folder.mkdir(parents=True, exist_ok=True)
        values = self.values(configs_folder or folder)
        for name in FILES:
            text = string.Template((TEMPLATES / name).read_text()).substitute(values)
            (folder / name).write_text(text)
        return folder
