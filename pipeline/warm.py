"""Imported by the fork server of ``chitieu extract``'s workers (multiprocessing's forkserver
preload, ``batch.worker_context``): the pipeline warmed up once, on import, so that every
worker is forked from a process that has its models and tables loaded."""

import atexit
import os

from .batch import FORK_SERVER_OF, warm_up

warm_up()
# The server ends when the run does; tearing down an interpreter that holds the models takes
# a third of a second, during which it still holds the run's stdout and stderr (a pipe
# reading them, as `chitieu extract ... | tee` does, would wait). Its workers end with
# os._exit, without atexit handlers. Only in the server the run started (its parent is the
# run): another process importing this module ends as it would.
if os.environ.get(FORK_SERVER_OF) == str(os.getppid()):
    atexit.register(os._exit, 0)
