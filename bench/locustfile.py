"""The load test's users: signed-in coordinators, bank experts, holders and jurors on a mix of pages and actions.

``bench.load`` writes the accounts (session cookies, the studies each may open or act on) to the JSON file named by
``BENCH_LOAD_ACCOUNTS`` and runs ``locust --headless`` on this file against gunicorn on the loopback.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_LOAD_ACCOUNTS"]) as source:
    ACCOUNTS = json.load(source)
_next_account = itertools.count()


class Person(HttpUser):
    """One person of the federation; the tasks each role does weigh as often as people do them."""

    wait_time = between(0.5, 2.5)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.client.cookies.set("sessionid", self.account["session"])
        self.client.headers["Accept-Language"] = "fr"
        self.client.get("/", name="home")
        self.actionable = list(self.account.get("actionable", []))

    def _study(self):
        return random.choice(self.account["studies"])

    @task(4)
    def studies_list(self):
        if self.account["role"] == "holder":
            return self.home()
        page = random.randint(1, 8)
        state = random.choice(["", "submitted", "training", "financing_review", "jury"])
        self.client.get(f"/studies/?state={state}&page={page}", name="studies list")

    @task(2)
    def studies_search(self):
        if self.account["role"] == "holder":
            return self.home()
        term = random.choice(["lyon", "nantes", "association 1", "toulouse", "paris"])
        self.client.get(f"/studies/?q={term}", name="studies list, search")

    @task(5)
    def study_page(self):
        self.client.get(f"/studies/{self._study()}/", name="study page")

    @task(1)
    def dashboard(self):
        if self.account["role"] in ("national", "coordinator"):
            self.client.get("/dashboard/", name="dashboard")
        else:
            self.home()

    @task(2)
    def inbox(self):
        self.client.get("/notifications/", name="inbox")

    @task(1)
    def deliberation(self):
        session = self.account.get("session_pk")
        if session and self.account.get("has_jury_pages"):
            self.client.get(f"/juries/{session}/results/", name="deliberation table")
        else:
            self.home()

    @task(1)
    def act(self):
        """Accept a submitted study into training (coordinators), or read an item of the inbox (others)."""
        if self.actionable:
            study = self.actionable.pop()
            self.client.get(f"/studies/{study}/", name="study page")
            token = self.client.cookies.get("csrftoken", "")
            with self.client.post(
                f"/studies/{study}/transition/accept/",
                data={"comment": "", "csrfmiddlewaretoken": token},
                headers={"Referer": f"{self.host}/studies/{study}/", "X-CSRFToken": token},
                allow_redirects=False,
                name="transition: accept",
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"answered {response.status_code}")
        elif self.account.get("notifications"):
            pk = random.choice(self.account["notifications"])
            self.client.get(f"/notifications/{pk}/", name="inbox item (mark read)", allow_redirects=False)
        else:
            self.home()

    def home(self):
        self.client.get("/", name="home")
