"""The page shell every deployment has: root redirect, home page, language switch, shared labels."""

from classroom.web import home
from classroom.web.messages import MESSAGES
from classroom.web.nav import Pages

PAGES = Pages(routers=(home.public, home.router), messages=MESSAGES)
